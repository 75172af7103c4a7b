import { Flex, Typography } from 'antd';

/** A page's heading; actions (a primary button, a back link) sit to its right and wrap under it on a phone. */
export function PageTitle({ children, extra }: { children: React.ReactNode; extra?: React.ReactNode }) {
  return (
    <Flex align="center" justify="space-between" wrap gap={8} style={{ marginBottom: 12 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {children}
      </Typography.Title>
      {extra ? (
        <Flex wrap gap={8}>
          {extra}
        </Flex>
      ) : null}
    </Flex>
  );
}
