import { Typography } from 'antd';

export function PageTitle({ children }: { children: React.ReactNode }) {
  return (
    <Typography.Title level={4} style={{ marginTop: 0, marginBottom: 12 }}>
      {children}
    </Typography.Title>
  );
}
