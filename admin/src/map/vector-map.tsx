/**
 * A small map of our own: grid polygons, points and clusters drawn as SVG over an optional tile
 * layer (tile-source.ts). Without tiles, or when they fail to load, the vectors stay readable on
 * a plain background. Drag to pan, wheel or +/− to zoom; arrow keys pan when the map has focus.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type PointerEvent, type ReactNode } from 'react';
import { Button, Space } from 'antd';
import { AimOutlined, MinusOutlined, PlusOutlined } from '@ant-design/icons';
import { project, toTileDatum, unproject, type Datum, type LatLng, type Pixel } from './projection';
import { tileSource } from './tile-source';
import { clusterPoints, type MapPoint } from './clusters';
import { fitView, type View } from './fit-view';
import { ScaleBar } from './scale-bar';
import { TileLayer } from './tile-layer';

export type { MapPoint };

export interface MapPolygon {
  id: string;
  ring: LatLng[];
  stroke: string;
  fill: string;
  title?: string;
}

interface Props {
  points?: MapPoint[];
  polygons?: MapPolygon[];
  /** Group points closer than a few pixels into one numbered circle (the overview's many cases). */
  cluster?: boolean;
  height?: number;
  onPointClick?: (id: MapPoint['id']) => void;
  /** A click on the map itself (not a drag): the place, in the datum the map is drawn in. */
  onMapClick?: (point: LatLng, datum: Datum) => void;
  legend?: ReactNode;
  ariaLabel: string;
}

const MIN_ZOOM = 3;
const MAX_ZOOM = tileSource?.maxZoom ?? 19;
const PAN_STEP = 96;

export function VectorMap({ points = [], polygons = [], cluster = false, height = 320, onPointClick, onMapClick, legend, ariaLabel }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const width = useWidth(container);
  const datum = tileSource?.datum ?? 'wgs84';
  const shiftedPoints = useMemo(() => points.map((point) => ({ ...point, ...toTileDatum(point, datum) })), [points, datum]);
  const shiftedPolygons = useMemo(
    () => polygons.map((polygon) => ({ ...polygon, ring: polygon.ring.map((vertex) => toTileDatum(vertex, datum)) })),
    [polygons, datum],
  );
  const contentKey = useMemo(() => [...points.map((point) => point.id), '|', ...polygons.map((polygon) => polygon.id)].join(','), [points, polygons]);
  const [view, setView] = useState<View | null>(null);
  const content = useRef<LatLng[]>([]);
  content.current = [...shiftedPoints, ...shiftedPolygons.flatMap((polygon) => polygon.ring)];
  // Refit when what is shown changes (other cases, another grid), not when a refresh re-sends the same.
  const fit = useCallback(() => {
    if (width > 0) setView(fitView(content.current, width, height, MAX_ZOOM));
  }, [contentKey, width, height]);
  useEffect(fit, [fit]);

  const origin: Pixel | null = view && offset(project(view.center, view.zoom), -width / 2, -height / 2);
  const moveTo = (zoom: number, newOrigin: Pixel) => setView({ zoom, center: unproject(offset(newOrigin, width / 2, height / 2), zoom) });
  const zoomAround = (delta: number, at: Pixel = { x: width / 2, y: height / 2 }) => {
    if (!view || !origin) return;
    const zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, view.zoom + delta));
    const anchor = unproject(offset(origin, at.x, at.y), view.zoom);
    moveTo(zoom, offset(project(anchor, zoom), -at.x, -at.y));
  };
  useWheelZoom(container, zoomAround);
  const drag = useDrag(origin, (newOrigin) => view && moveTo(view.zoom, newOrigin));
  const clickMap = (event: MouseEvent<SVGSVGElement>) => {
    if (!onMapClick || !view || !origin || drag.dragged()) return;
    const box = event.currentTarget.getBoundingClientRect();
    onMapClick(unproject(offset(origin, event.clientX - box.left, event.clientY - box.top), view.zoom), datum);
  };

  function onKeyDown(event: KeyboardEvent) {
    if (!view || !origin) return;
    const pans: Record<string, Pixel> = { ArrowLeft: { x: -PAN_STEP, y: 0 }, ArrowRight: { x: PAN_STEP, y: 0 }, ArrowUp: { x: 0, y: -PAN_STEP }, ArrowDown: { x: 0, y: PAN_STEP } };
    if (pans[event.key]) moveTo(view.zoom, offset(origin, pans[event.key].x, pans[event.key].y));
    else if (event.key === '+' || event.key === '=') zoomAround(1);
    else if (event.key === '-') zoomAround(-1);
    else return;
    event.preventDefault();
  }

  const toScreen = (point: LatLng) => offset(project(point, view!.zoom), -origin!.x, -origin!.y);
  const marks = view && origin ? clusterPoints(shiftedPoints.map((point) => ({ point, at: toScreen(point) })), cluster) : [];

  return (
    <div
      ref={container}
      tabIndex={0}
      role="application"
      aria-label={ariaLabel}
      onKeyDown={onKeyDown}
      style={{ position: 'relative', height, background: '#eef2f6', border: '1px solid #d9d9d9', borderRadius: 4, overflow: 'hidden', touchAction: 'none', outlineOffset: 2 }}
    >
      {view && origin && (
        <svg width={width} height={height} style={{ display: 'block', cursor: drag.active ? 'grabbing' : onMapClick ? 'crosshair' : 'grab' }} onClick={clickMap} {...drag.handlers}>
          <defs>
            <pattern id="map-grid" width={64} height={64} patternUnits="userSpaceOnUse" x={-origin.x % 64} y={-origin.y % 64}>
              <path d="M 64 0 L 0 0 0 64" fill="none" stroke="#dde3ea" strokeWidth={1} />
            </pattern>
          </defs>
          <rect width={width} height={height} fill="url(#map-grid)" />
          {tileSource && <TileLayer source={tileSource} zoom={view.zoom} origin={origin} width={width} height={height} />}
          {shiftedPolygons.map((polygon) => (
            <path
              key={polygon.id}
              d={polygon.ring.map((vertex, index) => `${index ? 'L' : 'M'}${toScreen(vertex).x.toFixed(1)},${toScreen(vertex).y.toFixed(1)}`).join(' ') + 'Z'}
              fill={polygon.fill}
              stroke={polygon.stroke}
              strokeWidth={2}
              data-testid="map-polygon"
            >
              {polygon.title && <title>{polygon.title}</title>}
            </path>
          ))}
          {marks.map((mark) =>
            mark.members.length > 1 ? (
              <g key={mark.key} onClick={() => zoomAround(2, mark.at)} style={{ cursor: 'zoom-in' }} data-testid="map-cluster">
                <circle cx={mark.at.x} cy={mark.at.y} r={11 + Math.min(10, Math.log2(mark.members.length) * 3)} fill={mark.color} fillOpacity={0.85} stroke="#fff" strokeWidth={2} />
                <text x={mark.at.x} y={mark.at.y + 4} textAnchor="middle" fontSize={12} fontWeight={600} fill="#fff">
                  {mark.members.length}
                </text>
                <title>{`${mark.members.length} 件，点击放大`}</title>
              </g>
            ) : (
              <circle
                key={mark.key}
                cx={mark.at.x}
                cy={mark.at.y}
                r={mark.members[0].emphasis ? 9 : 7}
                fill={mark.members[0].color}
                stroke={mark.members[0].emphasis ? '#0d47a1' : '#fff'}
                strokeWidth={mark.members[0].emphasis ? 3 : 2}
                onClick={() => onPointClick?.(mark.members[0].id)}
                style={{ cursor: onPointClick ? 'pointer' : 'default' }}
                data-testid="map-point"
              >
                <title>{mark.members[0].title}</title>
              </circle>
            ),
          )}
        </svg>
      )}
      <Space.Compact direction="vertical" style={{ position: 'absolute', top: 8, right: 8 }}>
        <Button size="small" icon={<PlusOutlined />} aria-label="放大" onClick={() => zoomAround(1)} />
        <Button size="small" icon={<MinusOutlined />} aria-label="缩小" onClick={() => zoomAround(-1)} />
        <Button size="small" icon={<AimOutlined />} aria-label="复位" onClick={fit} />
      </Space.Compact>
      {view && <ScaleBar lat={view.center.lat} zoom={view.zoom} />}
      {legend && <div style={{ position: 'absolute', left: 8, top: 8, background: 'rgba(255,255,255,.9)', padding: '2px 8px', borderRadius: 4, fontSize: 12 }}>{legend}</div>}
      {tileSource && <div style={{ position: 'absolute', right: 4, bottom: 2, fontSize: 11, color: '#666' }}>{tileSource.attribution}</div>}
    </div>
  );
}

function offset(pixel: Pixel, dx: number, dy: number): Pixel {
  return { x: pixel.x + dx, y: pixel.y + dy };
}

function useWidth(ref: React.RefObject<HTMLDivElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry.contentRect.width)));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

/** React's wheel listener is passive; a map must stop the page from scrolling while it zooms. */
function useWheelZoom(ref: React.RefObject<HTMLDivElement | null>, zoomAround: (delta: number, at: Pixel) => void) {
  const latest = useRef(zoomAround);
  latest.current = zoomAround;
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const box = element.getBoundingClientRect();
      latest.current(event.deltaY < 0 ? 1 : -1, { x: event.clientX - box.left, y: event.clientY - box.top });
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [ref]);
}

function useDrag(origin: Pixel | null, moveTo: (origin: Pixel) => void) {
  const start = useRef<{ pointer: Pixel; origin: Pixel } | null>(null);
  const moved = useRef(false);
  const [active, setActive] = useState(false);
  return {
    active,
    /** Whether the last press moved the map (then its click is no pick). */
    dragged: () => moved.current,
    handlers: {
      onPointerDown(event: PointerEvent<SVGSVGElement>) {
        if (!origin || event.button !== 0) return;
        start.current = { pointer: { x: event.clientX, y: event.clientY }, origin };
        moved.current = false;
        setActive(true);
      },
      onPointerMove(event: PointerEvent<SVGSVGElement>) {
        const from = start.current;
        if (!from) return;
        const dx = event.clientX - from.pointer.x;
        const dy = event.clientY - from.pointer.y;
        // Capture only once it is a drag, so a click on a point still reaches the point.
        if (Math.abs(dx) + Math.abs(dy) > 3) moved.current = true;
        if (moved.current && !event.currentTarget.hasPointerCapture(event.pointerId)) event.currentTarget.setPointerCapture(event.pointerId);
        moveTo(offset(from.origin, -dx, -dy));
      },
      onPointerUp() {
        start.current = null;
        setActive(false);
      },
    },
  };
}
