import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { MAX_PHOTOS, chooseWeappPhotos, compressH5Files, discardPhoto } from '../platform/photos';

interface Props {
  photos: string[];
  onChange: (photos: string[]) => void;
  onError: (message: string) => void;
}

/**
 * 1–9 photos of the problem, compressed on the device. weapp: camera or album (chooseMedia);
 * H5: a file input that opens the camera on phones.
 */
export function PhotoPicker({ photos, onChange, onError }: Props) {
  const room = MAX_PHOTOS - photos.length;

  const addWeapp = async () => {
    try {
      onChange([...photos, ...(await chooseWeappPhotos(room))]);
    } catch (error) {
      if (!String((error as { errMsg?: string }).errMsg ?? '').includes('cancel')) onError('无法获取照片，请检查相机和相册权限');
    }
  };

  const addH5 = async (files: FileList | null) => {
    const chosen = Array.from(files ?? []).slice(0, room);
    if (chosen.length === 0) return;
    try {
      onChange([...photos, ...(await compressH5Files(chosen))]);
    } catch {
      onError('照片无法读取，请换一张');
    }
  };

  const removeAt = (index: number) => {
    discardPhoto(photos[index]);
    onChange(photos.filter((_, i) => i !== index));
  };

  return (
    <View className='photo-grid'>
      {photos.map((path, index) => (
        <View key={path.slice(-40) + index} className='photo-cell'>
          <Image className='photo-thumb' src={path} mode='aspectFill' onClick={() => Taro.previewImage({ urls: photos, current: path })} />
          <Text className='photo-remove' onClick={() => removeAt(index)}>
            ×
          </Text>
        </View>
      ))}
      {room > 0 &&
        (process.env.TARO_ENV === 'weapp' ? (
          <View className='photo-cell photo-add' onClick={addWeapp}>
            <Text className='photo-add-plus'>＋</Text>
            <Text className='muted'>拍照/相册</Text>
          </View>
        ) : (
          <label className='photo-cell photo-add'>
            <input
              type='file'
              accept='image/*'
              multiple
              aria-label='添加照片'
              style={{ display: 'none' }}
              onChange={(event) => {
                void addH5(event.currentTarget.files);
                event.currentTarget.value = '';
              }}
            />
            <Text className='photo-add-plus'>＋</Text>
            <Text className='muted'>拍照/相册</Text>
          </label>
        ))}
    </View>
  );
}
