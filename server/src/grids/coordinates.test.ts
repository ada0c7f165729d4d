import { distanceMeters, gcj02ToWgs84, outOfChina, toWgs84, wgs84ToGcj02 } from './coordinates.js';

describe('GCJ-02 conversion', () => {
  it('matches the widely published forward value at Tiananmen', () => {
    // Reference pair quoted by most GCJ-02 implementations' documentation.
    const gcj = wgs84ToGcj02(39.915, 116.404);
    expect(gcj.lat).toBeCloseTo(39.91640428150164, 9);
    expect(gcj.lng).toBeCloseTo(116.41024449916938, 9);
  });

  it('moves Shenzhen points by the familiar ≈ 590 m, to the south-east', () => {
    for (const point of [{ lat: 22.72, lng: 114.245 }, { lat: 22.543, lng: 114.058 }, { lat: 22.70, lng: 114.27 }]) {
      const gcj = wgs84ToGcj02(point.lat, point.lng);
      const shift = distanceMeters(point, gcj);
      expect(shift).toBeGreaterThan(550);
      expect(shift).toBeLessThan(620);
      expect(gcj.lat).toBeLessThan(point.lat);
      expect(gcj.lng).toBeGreaterThan(point.lng);
    }
  });

  it('round-trips WGS-84 → GCJ-02 → WGS-84 to under a centimetre across China', () => {
    let worstMeters = 0;
    let worstDegrees = 0;
    for (let lat = 18; lat <= 53; lat += 1.1) {
      for (let lng = 74; lng <= 135; lng += 1.3) {
        const gcj = wgs84ToGcj02(lat, lng);
        const back = gcj02ToWgs84(gcj.lat, gcj.lng);
        worstMeters = Math.max(worstMeters, distanceMeters({ lat, lng }, back));
        worstDegrees = Math.max(worstDegrees, Math.abs(back.lat - lat), Math.abs(back.lng - lng));
      }
    }
    expect(worstDegrees).toBeLessThan(1e-7);
    expect(worstMeters).toBeLessThan(0.01);
  });

  it('beats the one-step inverse approximation', () => {
    const wgs = { lat: 22.7213, lng: 114.2468 };
    const gcj = wgs84ToGcj02(wgs.lat, wgs.lng);
    const oneStepOffset = wgs84ToGcj02(gcj.lat, gcj.lng);
    const oneStep = { lat: 2 * gcj.lat - oneStepOffset.lat, lng: 2 * gcj.lng - oneStepOffset.lng };
    const iterated = gcj02ToWgs84(gcj.lat, gcj.lng);
    expect(distanceMeters(wgs, iterated)).toBeLessThan(distanceMeters(wgs, oneStep));
    expect(distanceMeters(wgs, iterated)).toBeLessThan(0.001);
  });

  it('leaves points outside China unchanged in both directions', () => {
    for (const [lat, lng] of [[51.5007, -0.1246], [35.6586, 139.7454], [-33.8568, 151.2153], [0.5, 100]]) {
      expect(outOfChina(lat, lng)).toBe(true);
      expect(wgs84ToGcj02(lat, lng)).toEqual({ lat, lng });
      expect(gcj02ToWgs84(lat, lng)).toEqual({ lat, lng });
    }
    expect(outOfChina(22.72, 114.245)).toBe(false);
  });

  it('toWgs84 converts only GCJ-02 input', () => {
    const point = { lat: 22.72, lng: 114.245 };
    expect(toWgs84(point, 'wgs84')).toEqual(point);
    const gcj = wgs84ToGcj02(point.lat, point.lng);
    const back = toWgs84(gcj, 'gcj02');
    expect(distanceMeters(point, back)).toBeLessThan(0.01);
  });
});

describe('distanceMeters', () => {
  it('is zero for the same point and symmetric', () => {
    const a = { lat: 22.72, lng: 114.245 };
    const b = { lat: 22.73, lng: 114.26 };
    expect(distanceMeters(a, a)).toBe(0);
    expect(distanceMeters(a, b)).toBeCloseTo(distanceMeters(b, a), 9);
  });

  it('measures one degree of latitude as about 111.2 km and one of longitude at 22.72° N as about 102.6 km', () => {
    expect(distanceMeters({ lat: 22, lng: 114 }, { lat: 23, lng: 114 })).toBeCloseTo(111_195, -1);
    const lngDegree = distanceMeters({ lat: 22.72, lng: 114 }, { lat: 22.72, lng: 115 });
    expect(lngDegree).toBeGreaterThan(102_500);
    expect(lngDegree).toBeLessThan(102_700);
  });

  it('gives the known Shenzhen–Beijing great-circle distance (≈ 1,943 km)', () => {
    const shenzhen = { lat: 22.5431, lng: 114.0579 };
    const beijing = { lat: 39.9042, lng: 116.4074 };
    expect(distanceMeters(shenzhen, beijing) / 1000).toBeGreaterThan(1930);
    expect(distanceMeters(shenzhen, beijing) / 1000).toBeLessThan(1960);
  });
});
