import { Button, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A 中小企业声明函 as written: the generated letter, line by line. */
export function SmeStatementText({ text }: { text: string }) {
  return (
    <Typography.Paragraph
      style={{ whiteSpace: 'pre-wrap', background: '#fafafa', border: '1px solid #f0f0f0', padding: 12, borderRadius: 6, marginBottom: 0 }}
      data-testid="sme-statement"
    >
      {text}
    </Typography.Paragraph>
  );
}

/** The opening record's link to a bid's 中小企业声明函, opened with the bid. */
export function SmeStatementButton({ text, supplier, testId }: { text: string; supplier: string; testId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button type="link" size="small" onClick={() => setOpen(true)} style={{ padding: 0 }} data-testid={testId}>
        {t('smeStatement.open')}
      </Button>
      <Modal open={open} onCancel={() => setOpen(false)} footer={null} width={720} title={t('smeStatement.title', { supplier })}>
        <SmeStatementText text={text} />
      </Modal>
    </>
  );
}
