import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { AGREE_BUTTON_ID, PRIVACY_NEEDED, agree, disagree, needsH5Consent } from '../session/privacy';
import './privacy-sheet.scss';

/**
 * Our privacy notice: shown when WeChat asks for consent (weapp) or on H5's first launch. The
 * full 隐私保护指引 is a page of its own.
 */
const TAB_PAGES = ['pages/index/index', 'pages/mine/index'];
const isTabPage = () => TAB_PAGES.some((page) => Taro.getCurrentInstance().router?.path.includes(page));

export function PrivacySheet() {
  const [open, setOpen] = useState(needsH5Consent);
  const [declined, setDeclined] = useState(false);

  useEffect(() => {
    const show = () => setOpen(true);
    Taro.eventCenter.on(PRIVACY_NEEDED, show);
    return () => {
      Taro.eventCenter.off(PRIVACY_NEEDED, show);
    };
  }, []);

  // The tab bar (native in weapp, on top in H5) would cover the sheet's buttons.
  useEffect(() => {
    if (!open || !isTabPage()) return;
    Taro.hideTabBar({ animation: false }).catch(() => undefined);
    return () => {
      Taro.showTabBar({ animation: false }).catch(() => undefined);
    };
  }, [open]);

  if (!open) return null;
  const onAgree = () => {
    agree();
    setOpen(false);
  };
  const onDisagree = () => {
    disagree();
    setDeclined(true);
    if (process.env.TARO_ENV === 'weapp') setOpen(false);
  };
  return (
    <View className='sheet-mask'>
      <View className='sheet' id='privacy-sheet'>
        <View className='sheet-title'>隐私保护提示</View>
        <View className='privacy-text'>
          <Text>
            {'「市民随手拍」需要使用您的位置、照片和微信登录标识，用于确定问题位置和所属网格、核实问题、向您反馈处置进展。' +
              '我们只收集上报所必需的信息，不会公开您的身份；公开展示的照片已去除拍摄信息。'}
          </Text>
        </View>
        <View className='privacy-link' onClick={() => Taro.navigateTo({ url: '/more/privacy/index' })}>
          查看《隐私保护指引》
        </View>
        {declined && <View className='error-text'>不同意将无法上报问题，您可以随时重新选择。</View>}
        <View className='privacy-actions'>
          <Button className='btn' onClick={onDisagree}>
            不同意
          </Button>
          {process.env.TARO_ENV === 'weapp' ? (
            <Button className='btn btn-primary' id={AGREE_BUTTON_ID} openType='agreePrivacyAuthorization' onAgreePrivacyAuthorization={onAgree}>
              同意并继续
            </Button>
          ) : (
            <Button className='btn btn-primary' onClick={onAgree}>
              同意并继续
            </Button>
          )}
        </View>
      </View>
    </View>
  );
}
