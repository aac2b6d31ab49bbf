'use client';
import type { ButtonHTMLAttributes } from 'react';
import { cx } from '../internal/cx';
import { useUpsellPrompt } from './upsell-prompt-context';

/** Props of {@link UpsellDismiss}. */
export type UpsellDismissProps = ButtonHTMLAttributes<HTMLButtonElement>;

/**
 * The dismiss button, named by `messages.dismiss` ("Dismiss"). Shows "×" unless given children.
 * Closes the prompt; in `ready` it also records the dismissal.
 *
 * @example <UpsellDismiss className="close" />
 */
export function UpsellDismiss({ className, children, ...props }: UpsellDismissProps) {
  const { getDismissProps } = useUpsellPrompt();
  return (
    <button {...getDismissProps({ ...props, className: cx('upsell-dismiss', className) })}>
      {children ?? <span aria-hidden="true">×</span>}
    </button>
  );
}
