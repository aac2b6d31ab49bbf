'use client';
import type { HTMLAttributes } from 'react';
import { cx } from '../internal/cx';
import { useUpsellPrompt } from './upsell-prompt-context';

/** Props of {@link UpsellDescription}: any `div` attribute except children. */
export type UpsellDescriptionProps = Omit<HTMLAttributes<HTMLDivElement>, 'children'>;

/**
 * The offer's description (sanitized HTML).
 *
 * @example <UpsellModal custom={custom}><UpsellTitle /><UpsellDescription /></UpsellModal>
 */
export function UpsellDescription({ className, ...props }: UpsellDescriptionProps) {
  const { getDescriptionProps } = useUpsellPrompt();
  return (
    <div {...getDescriptionProps({ ...props, className: cx('upsell-description', className) })} />
  );
}
