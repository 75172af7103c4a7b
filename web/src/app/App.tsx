import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { RouterProvider } from 'react-router/dom';
import { AppErrorBoundary } from './components/ErrorBoundary.tsx';
import { useLanguage } from './i18n/index.ts';
import { queryClient } from './queryClient.ts';
import { router } from './router.tsx';
import { appTheme } from './theme.ts';

export function App() {
  const language = useLanguage();
  return (
    <ConfigProvider theme={appTheme} locale={language === 'en' ? enUS : zhCN}>
      <AntApp>
        <AppErrorBoundary>
          <QueryClientProvider client={queryClient}>
            <RouterProvider router={router} />
          </QueryClientProvider>
        </AppErrorBoundary>
      </AntApp>
    </ConfigProvider>
  );
}
