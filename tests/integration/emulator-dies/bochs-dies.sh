#!/usr/bin/env bash
# Stands in for Bochs in emulator-dies/check.sh: it dies the way Bochs 2.7
# did on a machine without a sound card, on its output and not in its log.
echo "ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM default"
echo "*** buffer overflow detected ***: terminated"
kill -ABRT $$
