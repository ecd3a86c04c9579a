import { useState } from 'react';
import useInterval from 'react-use/esm/useInterval';

/**
 * The current time, ticking: running durations and ages keep moving even when no
 * update arrives for a while.
 */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useInterval(() => setNow(Date.now()), intervalMs);
  return now;
}
