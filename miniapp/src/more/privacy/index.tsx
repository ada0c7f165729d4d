import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { loadConfig } from '../../api/citizen';
import './index.scss';

const SECTIONS: Array<{ title: string; text: string }> = [
  {
    title: '我们收集哪些信息',
    text: '微信登录标识（openid，用于识别您的上报，不会公开）；您拍摄或选择的照片；您选择的问题位置；您填写的问题描述和评价。',
  },
  {
    title: '为什么收集',
    text: '位置用于确定问题所在的网格和责任单位；照片用于核实和处置问题；登录标识用于向您反馈进展、发放奖励。我们只收集上报所必需的信息。',
  },
  {
    title: '如何使用和公开',
    text: '您的身份不会与问题位置一起公开。向其他市民展示的照片已去除拍摄时间、地点等信息；工作人员查看您的联系方式时会脱敏显示（如 138****1234）。',
  },
  {
    title: '保存期限',
    text: '案件记录按城市管理档案要求保存；奖励发放记录按财务要求单独保存。照片原件只供核实使用。',
  },
  {
    title: '您的权利',
    text: '您可以拒绝授权位置或相册，但将无法完成上报。您可以随时联系我们查询、更正或删除您的个人信息。',
  },
];

/** The full privacy notice (linked from the consent sheet), with the operator's contact. */
export default function PrivacyPage() {
  const [contact, setContact] = useState('');
  useEffect(() => {
    loadConfig().then((config) => setContact(config.privacyContact), () => undefined);
  }, []);
  return (
    <View className='page'>
      {SECTIONS.map((section) => (
        <View key={section.title} className='card'>
          <View className='card-title'>{section.title}</View>
          <Text className='privacy-section'>{section.text}</Text>
        </View>
      ))}
      <View className='card'>
        <View className='card-title'>联系我们</View>
        <Text>{contact || '—'}</Text>
      </View>
      {process.env.TARO_ENV === 'weapp' && (
        <View className='card privacy-contract' onClick={() => Taro.openPrivacyContract({})}>
          查看微信《小程序隐私保护指引》
        </View>
      )}
    </View>
  );
}
