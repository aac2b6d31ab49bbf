'use client';
import type { HTMLAttributes } from 'react';
import { cx } from '../internal/cx';
import { useUpsellPrompt } from './upsell-prompt-context';

/** Props of {@link UpsellActions}. */
export interface UpsellActionsProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /**
   * Class name of every option button.
   * @default undefined
   * @example <UpsellActions buttonClassName="btn btn-primary" />
   */
  buttonClassName?: string;
}

/**
 * One button per offer option, named by the option's label. Disabled from the first click until
 * the outcome is known.
 *
 * @example <UpsellInlineCallout custom={custom}><UpsellTitle /><UpsellActions /></UpsellInlineCallout>
 */
export function UpsellActions({ className, buttonClassName, ...props }: UpsellActionsProps) {
  const { offer, getCtaProps } = useUpsellPrompt();
  return (
    <div {...props} className={cx('upsell-actions', className)}>
      {offer?.options.map((option) => (
        <button
          key={option.id}
          {...getCtaProps(option, { className: cx('upsell-cta', buttonClassName) })}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
