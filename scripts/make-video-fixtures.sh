#!/bin/sh
# Regenerates the small real video files in test/fixtures/video/ with ffmpeg (Debian's 5.1 made the
# committed ones). The tests read only the committed files: CI never needs ffmpeg.
# Each file is tiny on purpose: low resolution where the check allows, few frames, low bitrate.
set -eu
cd "$(dirname "$0")/../test/fixtures/video"
ff() { ffmpeg -hide_banner -loglevel error -y "$@"; }
# A valid analysis input: 6 s, 480x360 (landscape 4:3), H.264, moov at the start.
ff -f lavfi -i color=c=blue:s=480x360:r=2:d=6 -c:v libx264 -preset ultrafast -crf 51 -pix_fmt yuv420p -movflags +faststart ok-480x360-6s.mp4
# The same with the default mp4 muxer: moov after mdat (at the end).
ff -f lavfi -i color=c=blue:s=480x360:r=2:d=6 -c:v libx264 -preset ultrafast -crf 51 -pix_fmt yuv420p moov-at-end-480x360-6s.mp4
# Too short: 2 s.
ff -f lavfi -i color=c=red:s=480x360:r=2:d=2 -c:v libx264 -preset ultrafast -crf 51 -pix_fmt yuv420p too-short-2s.mp4
# Too long for sync analysis (over 1 h) and for tasks (over 2 h): 2 h 10 min at one frame a minute.
ff -f lavfi -i color=c=gray:s=480x360:r=1/60:d=7800 -c:v libx264 -preset ultrafast -crf 51 -pix_fmt yuv420p -g 1000 too-long-7800s.mp4
# Too small: 160x120.
ff -f lavfi -i color=c=green:s=160x120:r=2:d=6 -c:v libx264 -preset ultrafast -crf 51 -pix_fmt yuv420p too-small-160x120.mp4
# Too narrow: 1200x360 is 3.33:1, wider than 2.4:1.
ff -f lavfi -i color=c=green:s=1200x360:r=2:d=6 -c:v libx264 -preset ultrafast -crf 51 -pix_fmt yuv420p too-wide-1200x360.mp4
# A phone's portrait video: stored 640x360, turned 90 degrees by the track matrix, shown 360x640.
# (ffmpeg 5.1 writes the matrix from the `rotate` tag on a stream copy; 6.0+ has -display_rotation.)
ff -f lavfi -i color=c=yellow:s=640x360:r=2:d=6 -c:v libx264 -preset ultrafast -crf 51 -pix_fmt yuv420p landscape.tmp.mp4
ff -i landscape.tmp.mp4 -c copy -metadata:s:v:0 rotate=90 -movflags +faststart rotated-portrait-640x360.mp4
rm landscape.tmp.mp4
# Fragmented MP4 (moov with mvex, then moof/mdat pairs), H.265.
ff -f lavfi -i color=c=white:s=480x360:r=2:d=6 -c:v libx265 -preset ultrafast -x265-params log-level=none -pix_fmt yuv420p -tag:v hvc1 -g 2 -movflags frag_keyframe+empty_moov fragmented-480x360-6s.mp4
# Fragmented with the first fragment's samples inside the moov (no empty_moov): mvhd says 1 s, the file lasts 6 s.
ff -f lavfi -i color=c=white:s=480x360:r=2:d=6 -c:v libx264 -preset ultrafast -crf 51 -pix_fmt yuv420p -g 2 -movflags frag_keyframe fragmented-moov-samples-480x360-6s.mp4
# QuickTime MOV.
ff -f lavfi -i color=c=purple:s=480x360:r=2:d=6 -c:v libx264 -preset ultrafast -crf 51 -pix_fmt yuv420p -f mov ok-480x360-6s.mov
# No video track: 6 s of AAC audio in an MP4 container.
ff -f lavfi -i sine=frequency=440:duration=6 -ar 8000 -ac 1 -c:a aac -b:a 8k audio-only-6s.m4a
# Not a video: text named .mp4.
printf 'This is a text file with a video name.\n' > not-a-video.mp4
# A broken header: the first 600 bytes of a moov-first file (moov cut off half-way).
head -c 600 ok-480x360-6s.mp4 > truncated.mp4
ls -l
