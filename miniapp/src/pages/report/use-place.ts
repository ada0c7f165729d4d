import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { citizenApi, type Point } from '../../api/citizen';
import type { GridLookup } from '../../api/contract';
import { messageOf } from '../../api/errors';
import { currentPoint } from '../../platform/location';
import { PRIVACY_AGREED, needsH5Consent } from '../../session/privacy';

export interface Place {
  /** The first fix: the centre of H5's map pick. */
  origin: Point | null;
  point: Point | null;
  address: string | null;
  grid: GridLookup | null;
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

  // Which grid (and street) the pin is in; a pin outside the city says so before submitting.
  useEffect(() => {
    if (!point) return;
    let current = true;
    setGrid(null);
    const timer = setTimeout(() => {
      citizenApi.lookupGrid(point).then(
        (found) => current && (setGrid(found), setProblem('')),
        (error) => current && setProblem(messageOf(error)),
      );
    }, 300);
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
    problem,
    locating,
    locate,
    moveTo: (moved, movedAddress = null) => {
      setPoint(moved);
      setAddress(movedAddress);
    },
  };
}
