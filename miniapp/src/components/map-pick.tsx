import { useRef } from 'react';
import type { Point } from '../api/citizen';
import './map.scss';

/** The pick area shows ±150 m around where the first fix was. */
const HALF_SPAN_M = 150;
const METERS_PER_DEGREE = 111_320;

interface Props {
  /** The first GPS fix: the centre of the area. */
  origin: Point;
  point: Point;
  onChange: (point: Point) => void;
}

function offsetMeters(origin: Point, point: Point) {
  return {
    east: (point.lng - origin.lng) * METERS_PER_DEGREE * Math.cos((origin.lat * Math.PI) / 180),
    north: (point.lat - origin.lat) * METERS_PER_DEGREE,
  };
}

/**
 * H5's map pick: a plain 300 m square around the GPS fix, gridded every 50 m, north up. A tap or
 * a drag puts the pin where the problem is; the point moves by the metres the pin moved. (No map
 * tiles: the browser test and the web fallback need no tile service.)
 */
export function MapPick({ origin, point, onChange }: Props) {
  const area = useRef<HTMLDivElement>(null);
  const dragging = useRef(false);
  const { east, north } = offsetMeters(origin, point);
  const left = ((east + HALF_SPAN_M) / (2 * HALF_SPAN_M)) * 100;
  const top = ((HALF_SPAN_M - north) / (2 * HALF_SPAN_M)) * 100;

  const place = (clientX: number, clientY: number) => {
    const box = area.current!.getBoundingClientRect();
    const x = Math.min(Math.max((clientX - box.left) / box.width, 0), 1);
    const y = Math.min(Math.max((clientY - box.top) / box.height, 0), 1);
    const eastM = (x * 2 - 1) * HALF_SPAN_M;
    const northM = (1 - y * 2) * HALF_SPAN_M;
    onChange({
      lat: origin.lat + northM / METERS_PER_DEGREE,
      lng: origin.lng + eastM / (METERS_PER_DEGREE * Math.cos((origin.lat * Math.PI) / 180)),
      coordSystem: origin.coordSystem,
    });
  };

  return (
    <div
      ref={area}
      className='map-pick'
      data-testid='map-pick'
      onPointerDown={(event) => {
        dragging.current = true;
        (event.target as HTMLElement).setPointerCapture?.(event.pointerId);
        place(event.clientX, event.clientY);
      }}
      onPointerMove={(event) => dragging.current && place(event.clientX, event.clientY)}
      onPointerUp={() => (dragging.current = false)}
      onPointerCancel={() => (dragging.current = false)}
    >
      <div className='map-pick-origin' title='当前位置' />
      <div className='map-pick-pin' style={{ left: `${left}%`, top: `${top}%` }} />
      <div className='map-pick-north'>北 ↑</div>
      <div className='map-pick-scale'>每格 50 米</div>
    </div>
  );
}
