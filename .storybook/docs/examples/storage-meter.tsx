// Your own markup on the headless hook.
'use client';
import { useUpsellOffer } from '@upsell-kit/react';

export function StorageMeter({ usage }: { usage: number }) {
  const upsell = useUpsellOffer({
    custom: { storage_used_percent: usage },
    placement: 'inline', // counts as viewed once half of it is on screen
  });

  return (
    <div>
      <progress max={100} value={usage} aria-label="Storage used" />
      {upsell.offer && upsell.status !== 'dismissed' ? (
        <article {...upsell.getRootProps({ className: 'meter-offer' })}>
          <div {...upsell.getTitleProps()} />
          <div {...upsell.getDescriptionProps()} />
          {upsell.offer.options.map((option) => (
            <button key={option.id} {...upsell.getCtaProps(option)}>
              {option.label}
            </button>
          ))}
          {/* Your props go last: a visible label that also names the button. */}
          <button {...upsell.getDismissProps({ 'aria-label': 'Not now' })}>Not now</button>
          <p {...upsell.getStatusProps()} />
        </article>
      ) : null}
    </div>
  );
}
