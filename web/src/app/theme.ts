import { theme, type ThemeConfig } from 'antd';

// Deep blue, the convention of Chinese government platforms; compact and calm.
export const primaryColor = '#1f4e9c';

export const appTheme: ThemeConfig = {
  algorithm: theme.compactAlgorithm,
  token: {
    colorPrimary: primaryColor,
    colorInfo: primaryColor,
    colorLink: primaryColor,
    borderRadius: 4,
    fontSize: 14,
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    colorBgLayout: '#f3f5f9',
  },
  components: {
    Layout: { headerBg: primaryColor, headerHeight: 56, headerPadding: '0 16px', siderBg: '#ffffff' },
    Menu: { itemBorderRadius: 4, itemSelectedBg: '#e6edf8', itemSelectedColor: primaryColor },
    Table: { headerBg: '#f0f3f8' },
  },
};

// One colour per state, used by every StatusTag in the storefront.
export const statusColors = {
  active: 'green',
  disabled: 'default',
  mandatory: 'red',
  priority: 'gold',
  verified: 'green',
  broken: 'red',
} as const satisfies Record<string, string>;

export type StatusKey = keyof typeof statusColors;
