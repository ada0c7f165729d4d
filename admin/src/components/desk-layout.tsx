import { useCallback, type ReactNode } from 'react';
import { Col, InputNumber, Row } from 'antd';
import { useSearchParams } from 'react-router-dom';

/**
 * The case a desk shows, kept in the address (`?case=123`), so a reload or a shared link opens
 * the same case, and a case number given on the phone can be opened directly.
 */
export function useDeskSelection(): [number | undefined, (id: number | undefined) => void] {
  const [params, setParams] = useSearchParams();
  const raw = Number(params.get('case'));
  const select = useCallback(
    (id: number | undefined) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (id === undefined) next.delete('case');
          else next.set('case', String(id));
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return [Number.isInteger(raw) && raw > 0 ? raw : undefined, select];
}

interface Props {
  queue: ReactNode;
  pane: ReactNode;
  /** Opens a case by its number, whether or not it is on the queue's page. */
  onOpenCase: (id: number) => void;
}

/** Queue on the left, the selected case on the right; stacked on narrow screens. */
export function DeskLayout({ queue, pane, onOpenCase }: Props) {
  return (
    <Row gutter={12} wrap>
      <Col xs={24} lg={11} xl={10}>
        <InputNumber<number>
          min={1}
          controls={false}
          placeholder="输入案件编号后回车"
          style={{ width: '100%', marginBottom: 8 }}
          aria-label="按编号打开案件"
          onPressEnter={(event) => {
            const id = Number((event.target as HTMLInputElement).value);
            if (Number.isInteger(id) && id > 0) onOpenCase(id);
          }}
        />
        {queue}
      </Col>
      <Col xs={24} lg={13} xl={14}>
        {pane}
      </Col>
    </Row>
  );
}
