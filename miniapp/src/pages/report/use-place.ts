import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { citizenApi, type Point } from '../../api/citizen';
import type { GridLookup } from '../../api/contract';
import { ApiError, messageOf } from '../../api/errors';
import { currentPoint } from '../../platform/location';
import { PRIVACY_AGREED, needsH5Consent } from '../../session/privacy';

/**
 * confirming: asked, no answer yet; found: `grid` holds it; refused: the server said no (outside
 * the city), `problem` says why; unreachable: no answer on this network, asked again until one comes.
 */
export type GridState = 'confirming' | 'found' | 'refused' | 'unreachable';

/** Waits between lookups while the network gives no answer: soon at first, then every 30 s. */
const LOOKUP_RETRY_MS = [3_000, 10_000, 30_000];

export interface Place {
  /** The first fix: the centre of H5's map pick. */
  origin: Point | null;
  point: Point | null;
  address: string | null;
  grid: GridLookup | null;
  gridState: GridState;
  /** Why there is no point or no grid, in Chinese. */
  problem: string;
  locating: boolean;
  locate: () => void;
  moveTo: (point: Point, address?: string | null) => void;
}

/** The report's place: the device's fix, moved by the citizen, and the unit grid it falls in. */
export function usePlace(): Place {
  const [origin, setOrigin] = useState<Point | null>(null);
  const [point, setPoint] = useState<Point | null>(null);
  const [address, setAddress] = useState<string | null>(null);
  const [grid, setGrid] = useState<GridLookup | null>(null);
  const [gridState, setGridState] = useState<GridState>('confirming');
  const [problem, setProblem] = useState('');
  const [locating, setLocating] = useState(false);

  const locate = () => {
    setLocating(true);
    setProblem('');
    currentPoint()
      .then((fix) => {
        setOrigin(fix);
        setPoint(fix);
        setAddress(null);
      })
      .catch(() => setProblem('无法获取您的位置，请允许使用定位后点「重新定位」'))
      .finally(() => setLocating(false));
  };

  // H5 asks the browser for the position only after our notice was agreed to (weapp: WeChat holds the call until then).
  useEffect(() => {
    if (!needsH5Consent()) return locate();
    Taro.eventCenter.once(PRIVACY_AGREED, locate);
    return () => {
      Taro.eventCenter.off(PRIVACY_AGREED, locate);
    };
  }, []);

  // Which grid (and street) the pin is in; a pin outside the city says so before submitting. On a
  // bad network the lookup is asked again, and the citizen may submit meanwhile: the server finds
  // the grid itself, and the outbox holds the report until it can.
  useEffect(() => {
    if (!point) return;
    let current = true;
    let timer: ReturnType<typeof setTimeout>;
    const lookUp = (attempt: number) =>
      citizenApi.lookupGrid(point).then(
        (found) => current && (setGrid(found), setGridState('found'), setProblem('')),
        (error) => {
          if (!current) return;
          if (error instanceof ApiError && error.isRetryable) {
            setGridState('unreachable');
            timer = setTimeout(() => lookUp(attempt + 1), LOOKUP_RETRY_MS[Math.min(attempt, LOOKUP_RETRY_MS.length - 1)]);
          } else {
            setGridState('refused');
            setProblem(messageOf(error));
          }
        },
      );
    setGrid(null);
    setGridState('confirming');
    setProblem('');
    timer = setTimeout(() => lookUp(0), 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [point]);

  return {
    origin,
    point,
    address,
    grid,
    gridState,
    problem,
    locating,
    locate,
    moveTo: (moved, movedAddress = null) => {
      setPoint(moved);
      setAddress(movedAddress);
    },
  };
}
