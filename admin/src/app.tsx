import { Suspense } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { Result, Spin } from 'antd';
import { useSession } from './auth/session';
import { mayAny } from './auth/permissions';
import { SCREENS } from './screens';
import { LoginPage } from './pages/login/login-page';
import { ConsoleLayout } from './pages/layout/console-layout';
import { CaseDetailPage } from './pages/cases/case-detail-page';

const pageSpinner = <Spin style={{ display: 'block', padding: 64 }} />;

export function App() {
  const { staff } = useSession();
  const location = useLocation();
  if (staff === undefined) return pageSpinner;
  if (!staff) {
    return (
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="*" element={<Navigate to="/login" replace state={{ from: location.pathname + location.search }} />} />
      </Routes>
    );
  }
  const mine = SCREENS.filter((screen) => mayAny(staff, screen.requires));
  return (
    <ConsoleLayout screens={mine}>
      <Suspense fallback={pageSpinner}>
        <Routes>
          {mine.map((screen) => (
            <Route key={screen.path} path={`/${screen.path}/*`} element={<screen.component />} />
          ))}
          <Route path="/cases/:id" element={<CaseDetailPage />} />
          <Route path="/login" element={<Navigate to={(location.state as { from?: string } | null)?.from ?? '/'} replace />} />
          <Route path="/" element={mine[0] ? <Navigate to={`/${mine[0].path}`} replace /> : <NothingToDo />} />
          <Route path="*" element={<Result status="403" title="无权访问" subTitle="您的角色不能使用此功能，请从左侧菜单选择。" />} />
        </Routes>
      </Suspense>
    </ConsoleLayout>
  );
}

/** An account whose roles have no screen here is told so, not shown an empty page. */
function NothingToDo() {
  return <Result status="info" title="当前角色在监督指挥中心暂无可用功能" subTitle="如需权限请联系系统管理员。" />;
}
