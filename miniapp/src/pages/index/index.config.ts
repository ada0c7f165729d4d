export default definePageConfig({ navigationBarTitleText: '市民随手拍', enablePullDownRefresh: true });
