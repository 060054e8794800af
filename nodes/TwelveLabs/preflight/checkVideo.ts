import type { ContainerFacts } from './readContainer';
import type { VideoRequirements } from './videoRequirements';
import { ASPECT_RATIO_TOLERANCE } from './videoRequirements';

/** A bound a video breaks: what was found, the limit, and what to do. */
export interface BrokenBound {
	problem: string;
	fix: string;
}

export function formatSeconds(seconds: number): string {
	if (seconds < 60) return `${Number(seconds.toFixed(2))} s`;
	const whole = Math.round(seconds);
	const [h, m, s] = [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60];
	const clock = h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${m}:${String(s).padStart(2, '0')}`;
	return `${clock} (${whole.toLocaleString('en-US')} s)`;
}

function limitText(seconds: number): string {
	return seconds % 3600 === 0 ? `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}` : `${seconds} seconds`;
}

/** The first documented bound `facts` break, or undefined when the video fits (or a value is unknown). */
export function brokenBound(facts: ContainerFacts, rules: VideoRequirements): BrokenBound | undefined {
	const duration = facts.durationSeconds;
	if (duration !== undefined && rules.minSeconds !== undefined && duration < rules.minSeconds) {
		return {
			problem: `is ${formatSeconds(duration)} long; ${rules.operation} takes videos of at least ${rules.minSeconds} seconds`,
			fix: `Use a video of at least ${rules.minSeconds} seconds.`,
		};
	}
	if (duration !== undefined && rules.maxSeconds !== undefined && duration > rules.maxSeconds) {
		return {
			problem: `is ${formatSeconds(duration)} long; ${rules.operation} takes videos up to ${limitText(rules.maxSeconds)}`,
			fix: rules.tooLongFix ?? 'Use a shorter video.',
		};
	}
	if (facts.width === undefined || facts.height === undefined) return undefined;
	const size = `${facts.width}x${facts.height}`;
	const [short, long] = [Math.min(facts.width, facts.height), Math.max(facts.width, facts.height)];
	if (rules.minShortSide !== undefined && short < rules.minShortSide) {
		return {
			problem: `is ${size} pixels; TwelveLabs takes at least ${rules.minShortSide}x${rules.minShortSide}`,
			fix: `Use a version of the video with both sides at least ${rules.minShortSide} pixels.`,
		};
	}
	if ((rules.maxLongSide !== undefined && long > rules.maxLongSide) || (rules.maxShortSide !== undefined && short > rules.maxShortSide)) {
		return {
			problem: `is ${size} pixels; TwelveLabs takes at most ${rules.maxLongSide}x${rules.maxShortSide} (or ${rules.maxShortSide}x${rules.maxLongSide} upright)`,
			fix: 'Scale the video down, e.g. to 3840x2160 (4K) or 1920x1080, before sending it.',
		};
	}
	if (rules.maxAspectRatio !== undefined && long / short > rules.maxAspectRatio * ASPECT_RATIO_TOLERANCE) {
		return {
			problem: `is ${size} pixels, an aspect ratio of ${(long / short).toFixed(2)}:1; TwelveLabs takes aspect ratios from 1:1 up to ${rules.maxAspectRatio}:1 (landscape or portrait)`,
			fix: `Crop or pad the video to an aspect ratio of at most ${rules.maxAspectRatio}:1, e.g. 16:9.`,
		};
	}
	return undefined;
}
