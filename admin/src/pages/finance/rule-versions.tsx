/**
 * 规则版本: each version applies from its effective date until the next one's; rewards already
 * earned keep the version that made them, so a change is a new version from now or later.
 */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { RewardRules, RewardRuleVersion } from '../../api/contract';
import { listRuleVersions } from '../../api/finance';
import { useCategories } from '../../api/hooks';
import { QueryState } from '../../components/query-state';
import { formatTime } from '../../format';
import { SOURCE_LABELS } from '../../labels';
import { formatYuan } from './money';
import { RuleVersionForm } from './rule-version-form';

/** Which version is in force now: the latest to have taken effect. */
function inForce(versions: RewardRuleVersion[], now = Date.now()): number | undefined {
  return versions.find((version) => Date.parse(version.effectiveFrom) <= now)?.id;
}

const capText = (fen: number | null) => (fen === null ? '不限' : formatYuan(fen));

function RuleSummary({ rules }: { rules: RewardRules }) {
  const categories = useCategories();
  const name = (code: string) => categories.data?.find((category) => category.code === code)?.name ?? code;
  const amounts = (map: Record<string, number>) => Object.entries(map).map(([code, fen]) => `${name(code)} ${formatYuan(fen)}`).join('；') || '无';
  return (
    <Space direction="vertical" size={0}>
      <Typography.Text>每件有效案件 {formatYuan(rules.baseFen)}；按类别：{amounts(rules.categoryBaseFen)}</Typography.Text>
      <Typography.Text>
        首报奖励：{amounts(rules.firstReportBonusFen)}；确认整改奖励 {rules.confirmationBonusFen > 0 ? formatYuan(rules.confirmationBonusFen) : '无'}
      </Typography.Text>
      <Typography.Text type="secondary">
        每人每日上限 {capText(rules.dailyCapFen)}，每月上限 {capText(rules.monthlyCapFen)}，月度奖池 {capText(rules.monthlyPoolFen)}
        {rules.excludedSources.length > 0 && `；不奖励来源：${rules.excludedSources.map((source) => SOURCE_LABELS[source]).join('、')}`}
      </Typography.Text>
    </Space>
  );
}

export function RuleVersions() {
  const versions = useQuery({ queryKey: ['reward-rules'], queryFn: listRuleVersions });
  const [adding, setAdding] = useState(false);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
        新增规则版本
      </Button>
      <QueryState query={versions} isEmpty={(rows) => rows.length === 0} emptyText="尚无奖励规则，举报不会产生奖励">
        {(rows) => {
          const current = inForce(rows);
          return (
            <Table<RewardRuleVersion>
              size="small"
              rowKey="id"
              dataSource={rows}
              pagination={false}
              columns={[
                { title: '版本', dataIndex: 'id', width: 60 },
                { title: '生效时间', dataIndex: 'effectiveFrom', width: 150, render: (at: string) => formatTime(at) },
                {
                  title: '状态',
                  width: 90,
                  render: (_, version) =>
                    version.id === current ? <Tag color="green">当前生效</Tag> : Date.parse(version.effectiveFrom) > Date.now() ? <Tag color="blue">待生效</Tag> : <Tag>已被替代</Tag>,
                },
                { title: '规则', dataIndex: 'rules', render: (rules: RewardRules) => <RuleSummary rules={rules} /> },
                { title: '说明', dataIndex: 'note', width: 200 },
                { title: '录入时间', dataIndex: 'createdAt', width: 150, render: (at: string) => formatTime(at) },
              ]}
            />
          );
        }}
      </QueryState>
      {adding && <RuleVersionForm base={versions.data?.find((version) => version.id === inForce(versions.data ?? []))?.rules} onClose={() => setAdding(false)} />}
    </Space>
  );
}
