import type { ReactNode } from 'react';
import { Button } from '@tarojs/components';

interface Props {
  className: string;
  busy?: boolean;
  disabled?: boolean;
  onClick: () => void;
  children: ReactNode;
}

/**
 * A button that can be busy or disabled. The flags are left out rather than passed as `false`:
 * H5's button is a custom element, where React writes `disabled="false"`, which styles it as
 * disabled all the same.
 */
export function ActionButton({ className, busy = false, disabled = false, onClick, children }: Props) {
  return (
    <Button className={className} onClick={onClick} {...(busy ? { loading: true } : {})} {...(busy || disabled ? { disabled: true } : {})}>
      {children}
    </Button>
  );
}
