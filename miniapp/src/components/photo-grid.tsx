import Taro from '@tarojs/taro';
import { Image, View } from '@tarojs/components';
import { photoUrl } from '../api/client';

interface ShownPhoto {
  id: string;
  url: string;
  thumbUrl: string;
}

/** Thumbnails that open the display copies in the platform's viewer; `after` marks 处置 after-photos. */
export function PhotoGrid({ photos, after = false }: { photos: ShownPhoto[]; after?: boolean }) {
  const urls = photos.map((photo) => photoUrl(photo.url));
  return (
    <View className={after ? 'photo-grid after-photos' : 'photo-grid'}>
      {photos.map((photo, index) => (
        <Image
          key={photo.id}
          className={after ? 'photo-thumb after-photo' : 'photo-thumb'}
          src={photoUrl(photo.thumbUrl)}
          mode='aspectFill'
          onClick={() => Taro.previewImage({ urls, current: urls[index] })}
        />
      ))}
    </View>
  );
}
