/**
 * A report's photos with what their EXIF says, next to what the report says: a photo taken far
 * from the reported spot (> 500 m) or long before the report (> 24 h) may be an old or borrowed
 * picture, so the reviewer is warned.
 */
import { useEffect, useState } from 'react';
import { App, Button, Image, Space, Tag, Typography } from 'antd';
import { WarningOutlined } from '@ant-design/icons';
import { fetchBlob } from '../../api/client';
import { describeError } from '../errors';
import { distanceMeters } from '../../../../server/src/grids/coordinates.js';
import type { CaseReport, PresentedPhoto } from '../../api/contract';
import { formatMeters, formatTime } from '../../format';

const MAX_DISTANCE_M = 500;
const MAX_AGE_MS = 24 * 3600_000;

export function exifWarnings(photo: PresentedPhoto, report: Pick<CaseReport, 'point' | 'createdAt'>): string[] {
  const warnings: string[] = [];
  if (photo.exifLocation) {
    const distance = distanceMeters(photo.exifLocation, report.point);
    if (distance > MAX_DISTANCE_M) warnings.push(`拍摄地点距上报位置 ${formatMeters(distance)}`);
  }
  if (photo.takenAt && Math.abs(new Date(report.createdAt).getTime() - new Date(photo.takenAt).getTime()) > MAX_AGE_MS) {
    warnings.push('拍摄时间与上报时间相差超过 24 小时');
  }
  return warnings;
}

function ExifNote({ photo, report }: { photo: PresentedPhoto; report: CaseReport }) {
  const warnings = exifWarnings(photo, report);
  return (
    <div style={{ fontSize: 12, lineHeight: '18px', maxWidth: 160 }}>
      <div>拍摄：{photo.takenAt ? formatTime(photo.takenAt) : '无 EXIF 时间'}</div>
      <div>
        位置：{photo.exifLocation ? `${photo.exifLocation.lat.toFixed(5)}, ${photo.exifLocation.lng.toFixed(5)}` : '无 EXIF 位置'}
      </div>
      <OriginalPhoto photoId={photo.id} />
      {warnings.map((warning) => (
        <Tag key={warning} color="warning" icon={<WarningOutlined />} style={{ whiteSpace: 'normal', marginTop: 2 }} data-testid="exif-warning">
          {warning}
        </Tag>
      ))}
    </div>
  );
}

/**
 * The original as uploaded (with its EXIF), for a reviewer who doubts the display copy. Originals
 * are never behind a signed URL, so the bytes come with the staff token and show from a blob URL.
 */
function OriginalPhoto({ photoId }: { photoId: string }) {
  const { message } = App.useApp();
  const [src, setSrc] = useState<string>();
  const [loading, setLoading] = useState(false);
  useEffect(() => () => (src ? URL.revokeObjectURL(src) : undefined), [src]);
  const open = async () => {
    setLoading(true);
    try {
      setSrc(URL.createObjectURL(await fetchBlob(`/photos/${photoId}/original`)));
    } catch (error) {
      message.error(describeError(error).title);
    } finally {
      setLoading(false);
    }
  };
  return (
    <>
      <Button type="link" size="small" style={{ padding: 0, height: 18 }} loading={loading} onClick={open} data-testid="original-photo">
        查看原图
      </Button>
      {/* Its own group: inside the strip's group a lone image's preview would be the strip's. */}
      {src && <Image.PreviewGroup items={[src]} preview={{ visible: true, onVisibleChange: (visible) => !visible && setSrc(undefined) }} />}
    </>
  );
}

/** Thumbnails that open the display copy in a zoomable viewer; the EXIF notes sit beside reported photos. */
export function PhotoStrip({ photos, report, size = 104 }: { photos: PresentedPhoto[]; report?: CaseReport; size?: number }) {
  if (photos.length === 0) return <Typography.Text type="secondary">无照片</Typography.Text>;
  return (
    <Image.PreviewGroup>
      <Space wrap align="start" size={12}>
        {photos.map((photo) => (
          <Space key={photo.id} align="start" size={6}>
            <Image
              src={photo.thumbUrl}
              preview={{ src: photo.url }}
              width={size}
              height={size}
              style={{ objectFit: 'cover', borderRadius: 4 }}
              alt="案件照片"
              data-testid="case-photo"
            />
            {report && <ExifNote photo={photo} report={report} />}
          </Space>
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}
