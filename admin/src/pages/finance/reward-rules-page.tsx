/** 奖励规则: the versioned reward rules and the citizens excluded from rewards (administrators). */
import { Tabs } from 'antd';
import { RewardExclusions } from './reward-exclusions';
import { RuleVersions } from './rule-versions';

export default function RewardRulesPage() {
  return (
    <Tabs
      destroyOnHidden
      style={{ background: '#fff', padding: '0 12px 12px' }}
      items={[
        { key: 'versions', label: '规则版本', children: <RuleVersions /> },
        { key: 'exclusions', label: '不予奖励名单', children: <RewardExclusions /> },
      ]}
    />
  );
}
