import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { useCurrentSession } from '../../app/session.ts';
import { SupplierRecordView } from './SupplierRecordView.tsx';

/** /supplier/credit: the supplier's own record, with appeals against confirmed events. */
export default function SupplierCreditPage() {
  const { t } = useTranslation();
  const session = useCurrentSession();
  return (
    <>
      <PageTitle>{t('credit.supplier.title')}</PageTitle>
      <SupplierRecordView supplierId={session.organization.id} canAppeal />
    </>
  );
}
