import { useParams } from 'react-router-dom';
import { Result } from 'antd';
import { useCase } from '../../api/hooks';
import { CaseDetailView } from '../../components/case/case-detail-view';
import { QueryState } from '../../components/query-state';

/** `/cases/:id`: one case with every action the server allows this person; a case they may not see is "not found". */
export function CaseDetailPage() {
  const id = Number(useParams().id);
  const query = useCase(Number.isInteger(id) && id > 0 ? id : undefined);
  if (!Number.isInteger(id) || id <= 0) return <Result status="404" title="案件编号无效" />;
  return <QueryState query={query}>{(detail) => <CaseDetailView detail={detail} />}</QueryState>;
}
