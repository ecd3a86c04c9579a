#!/usr/bin/env bash
# Outlives a killed test run: when the process that started a control plane dies without
# stopping it (SIGKILL, crash), this stops etcd and kube-apiserver and removes the folder.
# It exits on its own once the folder is gone (a normal stop removes it).
# Usage: watchdog.sh <owner pid> <control plane folder>
owner=$1
dir=$2
while kill -0 "$owner" 2>/dev/null && [ -d "$dir" ]; do sleep 0.5; done
[ -d "$dir" ] || exit 0
pids=""
for f in "$dir"/pids/*; do [ -f "$f" ] && pids="$pids $(cat "$f")"; done
for pid in $pids; do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null; done
for _ in 1 2 3 4 5 6 7 8 9 10; do
  alive=0
  for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive=1; done
  [ "$alive" = 0 ] && break
  sleep 0.5
done
for pid in $pids; do kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null; done
rm -rf "$dir"
