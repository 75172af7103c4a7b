import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { RouterProvider } from 'react-router/dom';
import { AppErrorBoundary } from './components/ErrorBoundary.tsx';
import { useLanguage } from './i18n/index.ts';
import { queryClient } from './queryClient.ts';
import { router } from './router.tsx';
import { appTheme, stillTheme } from './theme.ts';
import { useReducedMotion } from './motion.ts';

export function App() {
  const language = useLanguage();
  const still = useReducedMotion();
  return (
    <ConfigProvider theme={still ? stillTheme : appTheme} wave={{ disabled: still }} locale={language === 'en' ? enUS : zhCN}>
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
