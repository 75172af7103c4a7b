import { DownloadOutlined, KeyOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** What a sealed submission's answer holds once: the commitment and the 回执密钥 (nonce) the platform keeps nowhere in clear. */
export interface FreshReceipt {
  commitment: string;
  nonce: string;
  scheme: string;
  supplierId: string;
  submittedAt: string;
  version: number;
}

/** Saves a text file in the browser (nothing goes to the server). */
function saveFile(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Right after a quote or bid is sealed: the commitment, the 回执密钥 shown this once, and the receipt as a
 * JSON file holding both with what was sent and the request that verifies it after the opening.
 */
export function ReceiptKeyNotice({
  receipt,
  fileName,
  process,
  verify,
  onDismiss,
}: {
  receipt: FreshReceipt;
  fileName: string;
  /** What the submission was for (numbers, lot…), written into the file. */
  process: Record<string, unknown>;
  /** The verification request: its path and body (the content as sent is under its own key). */
  verify: { path: string; body: Record<string, unknown> };
  onDismiss: () => void;
}) {
  const { t } = useTranslation();
  const download = () =>
    saveFile(
      fileName,
      `${JSON.stringify(
        {
          note: t('receiptKey.fileNote'),
          ...process,
          supplierId: receipt.supplierId,
          version: receipt.version,
          submittedAt: receipt.submittedAt,
          scheme: receipt.scheme,
          commitment: receipt.commitment,
          nonce: receipt.nonce,
          verify: { method: 'POST', path: verify.path, body: { ...verify.body, supplierId: receipt.supplierId, nonce: receipt.nonce } },
        },
        null,
        2,
      )}\n`,
    );
  return (
    <Alert
      type="warning"
      showIcon
      icon={<KeyOutlined />}
      title={t('receiptKey.title')}
      data-testid="receipt-key"
      description={
        <Flex vertical gap={8}>
          <Typography.Text>{t('receiptKey.body')}</Typography.Text>
          <Descriptions
            size="small"
            column={1}
            bordered
            styles={{ label: { whiteSpace: 'nowrap' } }}
            items={[
              {
                key: 'c',
                label: t('receiptKey.commitment'),
                children: (
                  <Typography.Text className="hash" copyable style={{ wordBreak: 'break-all' }}>
                    {receipt.commitment}
                  </Typography.Text>
                ),
              },
              {
                key: 'n',
                label: t('receiptKey.nonce'),
                children: (
                  <Typography.Text className="hash" copyable style={{ wordBreak: 'break-all' }} data-testid="receipt-nonce">
                    {receipt.nonce}
                  </Typography.Text>
                ),
              },
            ]}
          />
          <Flex gap={8} wrap>
            <Button type="primary" icon={<DownloadOutlined />} onClick={download} data-testid="receipt-download">
              {t('receiptKey.download')}
            </Button>
            <Button onClick={onDismiss} data-testid="receipt-key-dismiss">
              {t('receiptKey.dismiss')}
            </Button>
          </Flex>
        </Flex>
      }
    />
  );
}
