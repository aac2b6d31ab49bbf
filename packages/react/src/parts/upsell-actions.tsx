'use client';
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { HTMLAttributes } from 'react';
import { cx } from '../internal/cx';
import { useUpsellPrompt } from './upsell-prompt-context';

/** Props of {@link UpsellActions}. */
export interface UpsellActionsProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /**
   * Class name of every button (options and the next step after an outcome).
   * @default undefined
   * @example <UpsellActions buttonClassName="btn btn-primary" />
   */
  buttonClassName?: string;
  /**
   * Adds a "Not now" text button (`messages.notNow`) after the options: closes the prompt and
   * counts as a dismissal. The modal's default layout shows it.
   * @default false
   * @example <UpsellActions notNow />
   */
  notNow?: boolean;
}

/**
 * What the user can do next, for every state:
 * - the offer's options, one button each, named by the option's label (the first one primary,
 *   later ones `data-variant="secondary"`). While one is accepted they are `aria-disabled` and the
 *   pressed one is `aria-busy` with a spinner; focus stays on it.
 * - "Done" (`messages.done`) once the offer was applied or already accepted: closes the prompt.
 * - "Try again" (`messages.retry`, fetches the offer again: Chargebee personalizes it anew) and
 *   "Close" after a failed fulfillment; "Close" while it is still processing after polling gave up.
 *
 * When the options are replaced while the keyboard focus was on one of them, focus moves to the
 * first new button (the pressed one is gone), never to the page's start.
 *
 * @example <UpsellInlineCallout custom={custom}><UpsellTitle /><UpsellActions /></UpsellInlineCallout>
 */
export function UpsellActions({
  className,
  buttonClassName,
  notNow = false,
  ...props
}: UpsellActionsProps) {
  const { offer, status, stillProcessing, messages, getCtaProps, getDismissProps, refetch } =
    useUpsellPrompt();
  const ref = useRef<HTMLDivElement>(null);
  const hadFocus = useRef(false);
  const step =
    status === 'completed' || status === 'already_accepted'
      ? 'done'
      : status === 'failed'
        ? 'failed'
        : stillProcessing
          ? 'waiting'
          : 'options';

  // Whether focus is in here, followed on the document: removing the focused button (the options
  // giving way to "Done") may fire focusout, but focus that moves elsewhere fires focusin there,
  // and a press elsewhere means the user went on.
  useEffect(() => {
    const follow = (event: Event) => {
      hadFocus.current = !!ref.current?.contains(event.target as Node);
    };
    document.addEventListener('focusin', follow);
    document.addEventListener('pointerdown', follow);
    return () => {
      document.removeEventListener('focusin', follow);
      document.removeEventListener('pointerdown', follow);
    };
  }, []);

  useLayoutEffect(() => {
    const focused = document.activeElement;
    // Only when focus was here and fell to the body with the removed button: anything else is
    // where the user (or the app) put it.
    if (!hadFocus.current || (focused && focused !== document.body)) return;
    ref.current?.querySelector('button')?.focus();
  }, [step]);

  const button = cx('upsell-cta', buttonClassName);
  /** Closes the prompt: a dismissal in `ready` only (see `getDismissProps`). */
  const closer = (label: string, variant: 'primary' | 'secondary' | 'text') => (
    <button
      {...getDismissProps({
        'aria-label': undefined,
        className: variant === 'text' ? 'upsell-text-action' : button,
      })}
      data-variant={variant}
    >
      {label}
    </button>
  );

  return (
    <div {...props} ref={ref} className={cx('upsell-actions', className)} data-state={status}>
      {step === 'done' ? (
        closer(messages.done, 'primary')
      ) : step === 'failed' ? (
        <>
          <button type="button" className={button} data-variant="primary" onClick={refetch}>
            {messages.retry}
          </button>
          {closer(messages.close, 'secondary')}
        </>
      ) : step === 'waiting' ? (
        closer(messages.close, 'secondary')
      ) : (
        <>
          {offer?.options.map((option, index) => {
            const cta = getCtaProps(option, { className: button });
            return (
              <button key={option.id} {...cta} data-variant={index === 0 ? 'primary' : 'secondary'}>
                {cta['aria-busy'] ? <span className="upsell-spinner" aria-hidden="true" /> : null}
                {option.label}
              </button>
            );
          })}
          {notNow ? closer(messages.notNow, 'text') : null}
        </>
      )}
    </div>
  );
}
