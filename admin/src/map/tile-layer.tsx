import { TILE_SIZE, type Pixel } from './projection';
import type { TileSource } from './tile-source';

interface Props {
  source: TileSource;
  zoom: number;
  /** World pixel at the map's top-left corner. */
  origin: Pixel;
  width: number;
  height: number;
}

/** The tiles covering the view. A tile that fails to load is hidden, leaving the plain background. */
export function TileLayer({ source, zoom, origin, width, height }: Props) {
  const count = 2 ** zoom;
  const tiles: Array<{ x: number; y: number }> = [];
  for (let y = Math.floor(origin.y / TILE_SIZE); y <= Math.floor((origin.y + height) / TILE_SIZE); y++) {
    for (let x = Math.floor(origin.x / TILE_SIZE); x <= Math.floor((origin.x + width) / TILE_SIZE); x++) {
      if (y >= 0 && y < count) tiles.push({ x, y });
    }
  }
  return (
    <g>
      {tiles.flatMap(({ x, y }) =>
        source.urls(zoom, ((x % count) + count) % count, y).map((url, layer) => (
          <image
            key={`${zoom}/${x}/${y}/${layer}`}
            href={url}
            x={x * TILE_SIZE - origin.x}
            y={y * TILE_SIZE - origin.y}
            width={TILE_SIZE}
            height={TILE_SIZE}
            onError={(event) => event.currentTarget.setAttribute('visibility', 'hidden')}
          />
        )),
      )}
    </g>
  );
}
