import { LoginOutlined } from '@ant-design/icons';
import { Button, Card, Col, Input, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { roleHome, useSession } from '../../app/session.ts';
import { CategoryNav } from './CategoryNav.tsx';
import { PlatformStats } from './PlatformStats.tsx';

export default function HomePage() {
  const { t } = useTranslation();
  const session = useSession();
  const user = session.data?.user;
  const navigate = useNavigate();

  return (
    <>
      <section className="home-hero">
        <div className="home-hero-inner">
          <h1>{t('home.heroTitle')}</h1>
          <p>{t('home.heroSubtitle')}</p>
          <div className="home-search">
            <Input.Search
              size="large"
              allowClear
              maxLength={100}
              placeholder={t('home.searchPlaceholder')}
              enterButton={t('common.search')}
              aria-label={t('home.searchPlaceholder')}
              onSearch={(value) => {
                const q = value.trim();
                void navigate(q ? `/search?q=${encodeURIComponent(q)}` : '/search');
              }}
            />
          </div>
          <span className="home-search-hint">{t('home.searchHint')}</span>
        </div>
      </section>
      <div className="app-content">
        <Row gutter={[16, 16]}>
          {/* On a phone the login call to action comes first; on a desktop it sits to the right. */}
          <Col xs={{ span: 24, order: 2 }} lg={{ span: 16, order: 1 }}>
            <CategoryNav />
          </Col>
          <Col xs={{ span: 24, order: 1 }} lg={{ span: 8, order: 2 }}>
            <Row gutter={[16, 16]}>
              <Col span={24}>
                <Card title={t('home.loginTitle')}>
                  <Typography.Paragraph type="secondary">{t('home.loginText')}</Typography.Paragraph>
                  {user ? (
                    <Link to={roleHome(user.roles)}>
                      <Button type="primary" block size="large">
                        {t('nav.workbench')}
                      </Button>
                    </Link>
                  ) : (
                    <Link to="/login">
                      <Button type="primary" block size="large" icon={<LoginOutlined />}>
                        {t('home.loginButton')}
                      </Button>
                    </Link>
                  )}
                </Card>
              </Col>
              <Col span={24}>
                <PlatformStats />
              </Col>
            </Row>
          </Col>
        </Row>
      </div>
    </>
  );
}
