import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import type { SizeClass } from '../../app/types.ts';
import { SupplierRecordView } from './SupplierRecordView.tsx';

const sizeClasses: readonly SizeClass[] = ['large', 'medium', 'small', 'micro'];

/** /regulator/credit/suppliers/:id and /center/credit/suppliers/:id: any supplier's full record. */
export default function SupplierRecordPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  return (
    <>
      <PageTitle
        extra={
          <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate(-1)}>
            {t('common.back')}
          </Button>
        }
      >
        {t('credit.recordPage.title')}
      </PageTitle>
      <SupplierRecordView
        supplierId={id}
        header={(record) => {
          const size = sizeClasses.find((c) => c === record.supplier.sizeClass);
          return (
            <Card title={record.supplier.name}>
              <Descriptions
                size="small"
                column={{ xs: 1, md: 2 }}
                items={[
                  { key: 'uscc', label: t('org.uscc'), children: <span className="hash">{record.supplier.uscc ?? t('common.none')}</span> },
                  { key: 'sizeClass', label: t('org.sizeClass'), children: size ? t(`sizeClass.${size}`) : t('common.none') },
                ]}
              />
            </Card>
          );
        }}
      />
    </>
  );
}
