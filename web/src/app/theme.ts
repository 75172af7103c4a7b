import { theme, type ThemeConfig } from 'antd';

// Deep blue, the convention of Chinese government platforms; compact and calm.
export const primaryColor = '#1f4e9c';

export const appTheme: ThemeConfig = {
  algorithm: theme.compactAlgorithm,
  token: {
    colorPrimary: primaryColor,
    colorInfo: primaryColor,
    colorLink: primaryColor,
    // A hovered link darkens instead of fading: antd's lighter hover blue is 3.9:1 on white (WCAG AA asks 4.5).
    colorLinkHover: '#163a75',
    colorLinkActive: '#163a75',
    borderRadius: 4,
    fontSize: 14,
    // Latin faces first: Chinese falls through to the CJK faces, and English punctuation (unit’s) keeps its
    // Latin width instead of a CJK face's full-width apostrophe.
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif',
    colorBgLayout: '#f3f5f9',
    // Secondary and hint text dark enough for WCAG AA contrast (4.5:1) on white and on the layout grey.
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
    colorSuccessText: '#237804',
    colorWarningText: '#ad4e00',
    colorErrorText: '#cf1322',
    // Danger buttons and error marks in the same AA red (antd's default #ff4d4f is 3.3:1 on white).
    colorError: '#cf1322',
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
  // Credit events (信用记录) and appeals
  recorded: 'blue',
  confirmed: 'orange',
  appealed: 'gold',
  upheld: 'red',
  revoked: 'default',
  pending: 'geekblue',
  // Exclusions (限制名单): computed from status and dates
  inForce: 'red',
  scheduled: 'purple',
  expired: 'default',
  lifted: 'default',
  // Experts (评审专家); suspended is also a listing taken off the shelf
  suspended: 'orange',
  removed: 'red',
  // Listings (报价) and framework agreements (框架协议)
  draft: 'default',
  submitted: 'blue',
  delisted: 'default',
  ended: 'default',
} as const satisfies Record<string, string>;

export type StatusKey = keyof typeof statusColors;

// Credit severities, from good performance to a major violation (政府采购法第二十二条).
export const severityColors = {
  positive: 'green',
  minor: 'default',
  general: 'gold',
  serious: 'orange',
  major: 'red',
} as const satisfies Record<string, string>;

export type SeverityKey = keyof typeof severityColors;

// Orders (采购订单): one colour per state, from waiting on someone (warm) to done (green) or ended (grey/red).
export const orderStatusColors = {
  pending_approval: 'gold',
  placed: 'blue',
  confirmed: 'geekblue',
  shipped: 'cyan',
  delivered: 'purple',
  accepted: 'green',
  rejected: 'red',
  settled: 'lime',
  cancelled: 'default',
} as const satisfies Record<string, string>;

// Policy findings at checkout: block stops the order, approval sends it to the approver, info is advice.
export const findingColors = { block: 'red', approval: 'orange', info: 'blue' } as const satisfies Record<string, string>;

// Online quotations (网上竞价): open for sealed quotes (blue), awarded (green), failed (red), withdrawn by the unit (grey).
export const quotationStatusColors = {
  open: 'blue',
  awarded: 'green',
  failed: 'red',
  cancelled: 'default',
} as const satisfies Record<string, string>;

// Surplus assets (公物仓): registered, offered to other units, then reallocated, auctioned and sold, or written off.
export const assetStatusColors = {
  registered: 'default',
  offered: 'blue',
  reallocated: 'green',
  in_auction: 'orange',
  sold: 'cyan',
  written_off: 'default',
} as const satisfies Record<string, string>;

// Reallocation requests (调剂申请): waiting on center staff (gold), granted (green), declined (red), withdrawn (grey).
export const reallocationStatusColors = {
  pending: 'gold',
  granted: 'green',
  declined: 'red',
  withdrawn: 'default',
} as const satisfies Record<string, string>;

// Disposal auction lots (拍卖标的), by what a viewer should do: wait, bid, wait for the result, or read it.
export const lotStateColors = {
  upcoming: 'purple',
  live: 'red',
  closing: 'gold',
  sold: 'cyan',
  paid: 'green',
  failed: 'default',
  defaulted: 'volcano',
  cancelled: 'default',
} as const satisfies Record<string, string>;

// Auction deposits (保证金): held (blue), returned (grey), counted toward the price (green), forfeited (red).
export const depositStatusColors = {
  pending: 'orange',
  paid: 'blue',
  released: 'default',
  applied: 'green',
  forfeited: 'red',
} as const satisfies Record<string, string>;

/**
 * The theme for someone who asked their system for less motion (prefers-reduced-motion, WCAG 2.3.3): antd's
 * own motion off (modals, drawers, menus and messages appear without zooming or sliding); styles.css stops
 * the CSS animations (spinners, shimmer, pulsing badges) for them too.
 */
export const stillTheme: ThemeConfig = { ...appTheme, token: { ...appTheme.token, motion: false } };
