import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { isApiProblem, quietApi, setCsrfToken } from '../../app/api.ts';
import { problemText } from '../../app/components/states.tsx';
import { applyFieldErrors, zodRule } from '../../app/forms.ts';
import { roleHome, sessionKey, useSession } from '../../app/session.ts';
import { loginSchema, type LoginBody } from './schema.ts';

const fields = ['username', 'password'] as const;

/** Only a path on this site: "/x" but not "//evil.example" or "https://…". */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null;
}

function loginErrorText(error: unknown, t: TFunction): string {
  if (isApiProblem(error)) {
    if (error.status === 401) return t('login.invalidCredentials');
    if (error.status === 429) {
      const seconds = error.retryAfterSeconds ?? Number(/\d+/.exec(error.detail ?? '')?.[0] ?? NaN);
      return Number.isFinite(seconds) ? t('login.tooManyAttempts', { seconds }) : t('login.tooManyAttemptsLater');
    }
  }
  return problemText(error, t);
}

export default function LoginPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<LoginBody>();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const session = useSession();
  const [formError, setFormError] = useState<string | null>(null);
  const next = safeNext(params.get('next'));

  const login = useMutation({
    mutationFn: (body: LoginBody) => quietApi.post('/api/auth/login', { body }),
    onMutate: () => setFormError(null),
    onSuccess: (data) => {
      setCsrfToken(data.csrfToken);
      client.setQueryData(sessionKey, data);
      void navigate(next ?? roleHome(data.user.roles), { replace: true });
    },
    onError: (error) => {
      if (isApiProblem(error) && error.status === 400) {
        const rest = applyFieldErrors(form, error.errors, fields);
        if (rest.length > 0 || !error.errors?.length) setFormError(problemText(error, t));
        return;
      }
      setFormError(loginErrorText(error, t));
    },
  });

  if (session.data && !login.isPending && !login.isSuccess) {
    return <Navigate to={next ?? roleHome(session.data.user.roles)} replace />;
  }

  return (
    <div className="login-page">
      <Card className="login-card">
        <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
          {t('login.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
        {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} role="alert" /> : null}
        <Form
          form={form}
          layout="vertical"
          requiredMark={false}
          disabled={login.isPending}
          onFinish={(values) => login.mutate({ username: values.username.trim(), password: values.password })}
          onValuesChange={() => formError && setFormError(null)}
        >
          <Form.Item name="username" label={t('login.username')} rules={[zodRule(loginSchema.shape.username, t('login.username'), t)]}>
            <Input prefix={<UserOutlined />} autoComplete="username" placeholder={t('login.usernamePlaceholder')} autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[zodRule(loginSchema.shape.password, t('login.password'), t)]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" placeholder={t('login.passwordPlaceholder')} />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            size="large"
            loading={login.isPending || login.isSuccess}
            disabled={login.isPending || login.isSuccess}
          >
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
