/**
 * Pages in the main package are those a citizen needs on every visit; the privacy notice and
 * 我的奖励 live in a sub-package, downloaded when first opened (WeChat: main package ≤ 2 MB).
 */
export default defineAppConfig({
  pages: ['pages/index/index', 'pages/report/index', 'pages/mine/index', 'pages/detail/index'],
  subPackages: [{ root: 'more', pages: ['privacy/index', 'rewards/index'] }],
  window: {
    navigationBarTitleText: '市民随手拍',
    navigationBarBackgroundColor: '#1f6feb',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f3f5f8',
    backgroundTextStyle: 'dark',
  },
  tabBar: {
    color: '#6b7280',
    selectedColor: '#1f6feb',
    backgroundColor: '#ffffff',
    borderStyle: 'white',
    list: [
      { pagePath: 'pages/index/index', text: '首页', iconPath: 'assets/tab-home.png', selectedIconPath: 'assets/tab-home-active.png' },
      { pagePath: 'pages/mine/index', text: '我的上报', iconPath: 'assets/tab-mine.png', selectedIconPath: 'assets/tab-mine-active.png' },
    ],
  },
  // H5 only (WeChat has its own): pages appear at once instead of sliding in; the web version is a
  // fallback, and a screenshot of it should never catch two pages half way.
  ...(process.env.TARO_ENV === 'h5' ? { animation: false } : {}),
  // WeChat's privacy flow: declared APIs wait for consent, asked through onNeedPrivacyAuthorization.
  __usePrivacyCheck__: true,
  requiredPrivateInfos: ['getLocation', 'chooseLocation'],
  permission: {
    'scope.userLocation': { desc: '用于确定您上报问题的位置和所属网格' },
  },
});
