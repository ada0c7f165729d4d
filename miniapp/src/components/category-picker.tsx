import { useMemo, useState } from 'react';
import { Input, ScrollView, Text, View } from '@tarojs/components';
import type { Category } from '../api/contract';
import './category-picker.scss';

type Kind = Category['kind'];
const KINDS: Array<{ kind: Kind; label: string }> = [
  { kind: 'event', label: '事件' },
  { kind: 'component', label: '部件' },
];
/** One colour per major class, so a class is recognised at a glance. */
const ICON_COLOURS = ['#1f6feb', '#15803d', '#b45309', '#7c3aed', '#0e7490', '#be123c', '#4d7c0f', '#9a3412'];

interface Props {
  categories: Category[];
  onPick: (category: Category) => void;
  onClose: () => void;
}

/**
 * The 部件/事件 picker: a kind tab, a search over names and codes, and the categories grouped by
 * major class (大类), each with its class's icon.
 */
export function CategoryPicker({ categories, onPick, onClose }: Props) {
  const [kind, setKind] = useState<Kind>('event');
  const [search, setSearch] = useState('');

  const groups = useMemo(() => {
    const words = search.trim();
    const shown = categories.filter((category) =>
      words ? [category.name, category.majorName, category.code].some((text) => text.includes(words)) : category.kind === kind,
    );
    const byMajor = new Map<string, { key: string; name: string; items: Category[] }>();
    for (const category of shown) {
      const key = `${category.kind}-${category.majorCode}`;
      if (!byMajor.has(key)) byMajor.set(key, { key, name: `${category.kind === 'event' ? '事件' : '部件'} · ${category.majorName}`, items: [] });
      byMajor.get(key)!.items.push(category);
    }
    return [...byMajor.values()];
  }, [categories, kind, search]);

  return (
    <View className='sheet-mask' onClick={onClose}>
      <View className='sheet category-sheet' onClick={(event) => event.stopPropagation()}>
        <View className='sheet-title row'>
          <Text>选择问题类型</Text>
          <Text className='sheet-close' onClick={onClose}>
            关闭
          </Text>
        </View>
        <Input className='input' placeholder='搜索，如 井盖、垃圾、占道' value={search} onInput={(event) => setSearch(event.detail.value)} />
        {!search.trim() && (
          <View className='kind-tabs'>
            {KINDS.map((tab) => (
              <View key={tab.kind} className={`kind-tab ${tab.kind === kind ? 'kind-tab-active' : ''}`} onClick={() => setKind(tab.kind)}>
                {tab.label}
              </View>
            ))}
          </View>
        )}
        <ScrollView scrollY className='category-list'>
          {groups.length === 0 && <View className='empty'>没有找到匹配的类型</View>}
          {groups.map((group) => (
            <View key={group.key} className='category-group'>
              <View className='category-group-name'>{group.name}</View>
              <View className='category-items'>
                {group.items.map((category) => (
                  <View key={category.code} className='category-item' onClick={() => onPick(category)}>
                    <Text className='category-icon' style={{ background: ICON_COLOURS[Number(category.majorCode) % ICON_COLOURS.length] }}>
                      {category.name.slice(0, 1)}
                    </Text>
                    <Text className='category-name'>{category.name}</Text>
                  </View>
                ))}
              </View>
            </View>
          ))}
        </ScrollView>
      </View>
    </View>
  );
}
