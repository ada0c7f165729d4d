/**
 * The optional base map, configured at build time (admin/.env or the environment of `npm start`):
 *   VITE_MAP_TILE_URL   any XYZ template, e.g. https://tiles.example/{z}/{x}/{y}.png ({s} picks a
 *                       subdomain from VITE_MAP_TILE_SUBDOMAINS, default "abc")
 *   VITE_MAP_TILE_DATUM wgs84 (default) or gcj02 (高德/腾讯-style tiles): vectors are shifted to match
 *   VITE_TIANDITU_TK    a 天地图 key: its vector map and labels (WMTS, Web Mercator, CGCS2000 ≈ WGS-84)
 * With none set the map draws its vectors on a plain background; so it does when tiles fail to load.
 */
import type { Datum } from './projection';

export interface TileSource {
  /** One URL per layer (base first, labels over it) for a tile. */
  urls(z: number, x: number, y: number): string[];
  datum: Datum;
  attribution: string;
  maxZoom: number;
}

const env = import.meta.env;

function tiandituUrl(layer: 'vec' | 'cva', tk: string, z: number, x: number, y: number): string {
  const server = (x + y) % 8;
  return (
    `https://t${server}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}` +
    `&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX=${z}&TILEROW=${y}&TILECOL=${x}&tk=${encodeURIComponent(tk)}`
  );
}

function configuredSource(): TileSource | null {
  const template: string | undefined = env.VITE_MAP_TILE_URL;
  if (template) {
    const subdomains: string = env.VITE_MAP_TILE_SUBDOMAINS || 'abc';
    return {
      urls: (z, x, y) => [
        template
          .replace('{s}', subdomains[(x + y) % subdomains.length])
          .replace('{z}', String(z))
          .replace('{x}', String(x))
          .replace('{y}', String(y)),
      ],
      datum: env.VITE_MAP_TILE_DATUM === 'gcj02' ? 'gcj02' : 'wgs84',
      attribution: '底图',
      maxZoom: 19,
    };
  }
  const tk: string | undefined = env.VITE_TIANDITU_TK;
  if (tk) {
    return { urls: (z, x, y) => [tiandituUrl('vec', tk, z, x, y), tiandituUrl('cva', tk, z, x, y)], datum: 'wgs84', attribution: '© 天地图', maxZoom: 18 };
  }
  return null;
}

export const tileSource: TileSource | null = configuredSource();
