/**
 * After-photos (or on-site photos) uploaded one by one through POST /api/v1/photos as they are
 * picked; the field's value is the ids the action will attach.
 */
import { useState } from 'react';
import { Upload, type UploadFile } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { uploadCasePhoto } from '../../api/cases';
import { describeError } from '../errors';

interface Props {
  value?: string[];
  onChange?: (ids: string[]) => void;
  id?: string;
}

const MAX_PHOTOS = 9;

export function PhotoUpload({ onChange, id }: Props) {
  const [files, setFiles] = useState<UploadFile<{ id: string }>[]>([]);
  const update = (next: UploadFile<{ id: string }>[]) => {
    setFiles(next);
    onChange?.(next.flatMap((file) => (file.status === 'done' && file.response ? [file.response.id] : [])));
  };
  return (
    <Upload<{ id: string }>
      id={id}
      listType="picture-card"
      accept="image/jpeg,image/png,image/webp,image/heic"
      multiple
      fileList={files}
      maxCount={MAX_PHOTOS}
      onChange={({ fileList }) => update(fileList)}
      customRequest={({ file, onSuccess, onError }) => {
        uploadCasePhoto(file as Blob, (file as File).name || 'photo.jpg').then(
          (photo) => onSuccess?.({ id: photo.id }),
          (error) => onError?.(Object.assign(new Error(describeError(error).detail), { status: 0 })),
        );
      }}
    >
      {files.length < MAX_PHOTOS && (
        <div>
          <PlusOutlined />
          <div style={{ marginTop: 4 }}>上传照片</div>
        </div>
      )}
    </Upload>
  );
}
