/** ListWindows: reading a list that shifts between requests, against an in-memory list (no server). */
import { BASE_OVERLAP, ListWindows, MAX_PAGE_LIMIT, windowFrom } from '../../nodes/TwelveLabs/trigger/listWindows';
import { prng } from '../trigger-support/prng';

/** Serves a window of `list` as the API would: page `page` of `pageLimit`, and whether it is the last. */
function serve(list: string[], page: number, pageLimit: number): { ids: string[]; isLastPage: boolean } {
	const ids = list.slice((page - 1) * pageLimit, page * pageLimit);
	return { ids, isLastPage: ids.length < pageLimit || page * pageLimit >= list.length };
}

describe('windowFrom', () => {
	it('starts at or before the position asked and reaches as far as a page of 50 can', () => {
		for (let latestStart = 0; latestStart < 600; latestStart++) {
			const window = windowFrom(latestStart);
			expect(window.pageLimit).toBeLessThanOrEqual(MAX_PAGE_LIMIT);
			expect(window.start).toBe((window.page - 1) * window.pageLimit);
			expect(window.start).toBeLessThanOrEqual(Math.max(0, latestStart));
			expect(window.start + window.pageLimit).toBeGreaterThan(latestStart + BASE_OVERLAP);
		}
	});
});

describe('ListWindows', () => {
	it('reads a list of at most one page with one request, as plain paging does', () => {
		const windows = new ListWindows();
		expect(windows.next()).toEqual({ page: 1, pageLimit: 50 });
		const list = Array.from({ length: 50 }, (_, i) => `t${i}`);
		expect(windows.accept(list, true)).toBe(true);
		expect(windows.done).toBe(true);
	});

	it('overlaps each window with the one before', () => {
		const list = Array.from({ length: 200 }, (_, i) => `t${i}`);
		const windows = new ListWindows();
		const starts: number[] = [];
		while (!windows.done) {
			const { page, pageLimit } = windows.next();
			starts.push((page - 1) * pageLimit);
			const { ids, isLastPage } = serve(list, page, pageLimit);
			expect(windows.accept(ids, isLastPage)).toBe(true);
		}
		expect(starts[0]).toBe(0);
		expect(starts.length).toBe(5);
	});

	it('refuses a window that shares nothing with what was read, and reads further up', () => {
		const list = Array.from({ length: 200 }, (_, i) => `t${i}`);
		const windows = new ListWindows();
		expect(windows.accept(list.slice(0, 50), false)).toBe(true);
		const second = windows.next();
		// Ten tasks left the list ahead: the second window starts past what was read.
		const shifted = list.slice(10);
		const answer = serve(shifted, second.page, second.pageLimit);
		expect(answer.ids.some((id) => list.slice(0, 50).includes(id))).toBe(false);
		expect(windows.accept(answer.ids, answer.isLastPage)).toBe(false);
		const third = windows.next();
		expect((third.page - 1) * third.pageLimit).toBeLessThan((second.page - 1) * second.pageLimit - BASE_OVERLAP);
	});

	it.each([1, 2, 3, 4, 5, 6, 7, 8])('misses no task that stays listed, while tasks leave and arrive at random (seed %i)', (seed) => {
		const random = prng(seed);
		let next = 0;
		let list = Array.from({ length: random.int(60, 600) }, () => `t${next++}`);
		const stayed = new Set(list);
		const read = new Set<string>();
		const windows = new ListWindows();
		let requests = 0;
		while (!windows.done) {
			requests += 1;
			expect(requests).toBeLessThan(500);
			const { page, pageLimit } = windows.next();
			const { ids, isLastPage } = serve(list, page, pageLimit);
			if (windows.accept(ids, isLastPage)) ids.forEach((id) => read.add(id));
			// Between two requests: some leave (anywhere, mostly near the head), some arrive at the head.
			const leaving = random.int(0, 15);
			for (let count = 0; count < leaving && list.length > 0; count++) {
				const at = random.next() < 0.7 ? random.int(0, Math.min(list.length - 1, 120)) : random.int(0, list.length - 1);
				stayed.delete(list[at]);
				list = [...list.slice(0, at), ...list.slice(at + 1)];
			}
			const arriving = Array.from({ length: random.int(0, 6) }, () => `t${next++}`);
			list = [...arriving, ...list];
		}
		expect([...stayed].filter((id) => !read.has(id))).toEqual([]);
	});
});
