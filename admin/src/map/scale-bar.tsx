import { metresPerPixel } from './projection';

const MAX_BAR_PX = 100;

/** A scale bar of a round length (1, 2 or 5 × 10ⁿ m) no wider than 100 px. */
export function ScaleBar({ lat, zoom }: { lat: number; zoom: number }) {
  const perPixel = metresPerPixel(lat, zoom);
  const most = perPixel * MAX_BAR_PX;
  const power = 10 ** Math.floor(Math.log10(most));
  const metres = [5, 2, 1].map((step) => step * power).find((length) => length <= most) ?? power;
  return (
    <div style={{ position: 'absolute', left: 8, bottom: 6, fontSize: 11, color: '#333' }}>
      <div style={{ width: metres / perPixel, borderBottom: '2px solid #333', borderLeft: '2px solid #333', borderRight: '2px solid #333', height: 5 }} />
      {metres >= 1000 ? `${metres / 1000} km` : `${metres} m`}
    </div>
  );
}
