import type { Scenario } from './scenario';

/**
 * The scenario the simulator uses unless told otherwise, mirroring Chargebee's tutorials:
 *
 * | play | audience | offer / option | processing |
 * |---|---|---|---|
 * | `plan_upgrade` (priority 30) | `custom.seats_used_percent >= 90` | "Upgrade to Business" / `upgrade_to_business` | checkout, full_page |
 * | `storage_upsell` (priority 20) | `custom.storage_used_percent >= 80` | "Running out of storage?" / `add_100gb_storage` | billing_update, in_app |
 * | `ai_credits_reward` (priority 10) | `custom.ai_credits_used_percent >= 90` | "You're almost out of AI credits" / `claim_50_ai_credits` | webhook, in_app (the merchant grants 50 `ai_credits`) |
 *
 * Every play cools down for 24 hours after a dismissal. Every offer has German, Spanish, French
 * and Japanese content (`locales`), returned for a `request_context.locale` in those languages.
 *
 * @example createSimulator({ scenario: { ...defaultScenario, offerTtlSeconds: 60 } })
 */
export const defaultScenario: Scenario = {
  customFields: [
    { id: 'storage_used_percent', type: 'number', label: 'Storage used (%)' },
    { id: 'ai_credits_used_percent', type: 'number', label: 'AI credits used (%)' },
    { id: 'seats_used_percent', type: 'number', label: 'Seats used (%)' },
  ],
  audiences: [
    {
      id: 'storage_heavy',
      name: 'Storage almost full',
      rule: { all: [{ field: 'custom.storage_used_percent', operator: '>=', value: 80 }] },
    },
    {
      id: 'ai_credits_heavy',
      name: 'AI credits almost used up',
      rule: { all: [{ field: 'custom.ai_credits_used_percent', operator: '>=', value: 90 }] },
    },
    {
      id: 'seats_full',
      name: 'Seats almost full',
      rule: { all: [{ field: 'custom.seats_used_percent', operator: '>=', value: 90 }] },
    },
  ],
  offers: [
    {
      id: 'storage_upsell',
      title: '<div class="slate-p">Running out of storage?</div>',
      description:
        '<div class="slate-p">You\'ve used over 80% of your storage. Add 100 GB for $5/month and keep everything in one place.</div>',
      options: [
        {
          id: 'add_100gb_storage',
          label: 'Add 100 GB storage',
          processingType: 'billing_update',
          processingLayout: 'in_app',
        },
      ],
      locales: {
        de: {
          title: '<div class="slate-p">Ihr Speicherplatz wird knapp</div>',
          description:
            '<div class="slate-p">Sie haben über 80 % Ihres Speicherplatzes belegt. Fügen Sie für 5 $ im Monat 100 GB hinzu und behalten Sie alles an einem Ort.</div>',
          labels: { add_100gb_storage: '100 GB Speicher hinzufügen' },
        },
        es: {
          title: '<div class="slate-p">¿Te estás quedando sin espacio?</div>',
          description:
            '<div class="slate-p">Has usado más del 80 % de tu almacenamiento. Añade 100 GB por 5 US$ al mes y ten todo en un solo lugar.</div>',
          labels: { add_100gb_storage: 'Añadir 100 GB de almacenamiento' },
        },
        fr: {
          title: '<div class="slate-p">Vous manquez d’espace de stockage\u202f?</div>',
          description:
            '<div class="slate-p">Vous avez utilisé plus de 80\u00a0% de votre espace de stockage. Ajoutez 100\u00a0Go pour 5\u00a0$ par mois et gardez tout au même endroit.</div>',
          labels: { add_100gb_storage: 'Ajouter 100\u00a0Go de stockage' },
        },
        ja: {
          title: '<div class="slate-p">ストレージの空き容量が少なくなっています</div>',
          description:
            '<div class="slate-p">ストレージの80%以上を使用しています。月額5ドルで100 GBを追加して、すべてを一か所にまとめましょう。</div>',
          labels: { add_100gb_storage: '100 GBのストレージを追加' },
        },
      },
    },
    {
      id: 'ai_credits_reward',
      title: '<div class="slate-p">You\'re almost out of AI credits</div>',
      description:
        '<div class="slate-p">Thanks for being a power user! Claim <strong>50 bonus AI credits</strong> on us, valid for 30 days.</div>',
      options: [
        {
          id: 'claim_50_ai_credits',
          label: 'Claim 50 bonus AI credits',
          processingType: 'webhook',
          processingLayout: 'in_app',
        },
      ],
      locales: {
        de: {
          title: '<div class="slate-p">Ihre KI-Credits sind fast aufgebraucht</div>',
          description:
            '<div class="slate-p">Danke, dass Sie unser Produkt so intensiv nutzen! Sichern Sie sich <strong>50 Bonus-KI-Credits</strong> gratis, 30 Tage lang gültig.</div>',
          labels: { claim_50_ai_credits: '50 Bonus-KI-Credits sichern' },
        },
        es: {
          title: '<div class="slate-p">Te quedan pocos créditos de IA</div>',
          description:
            '<div class="slate-p">¡Gracias por ser uno de nuestros usuarios más activos! Obtén <strong>50 créditos de IA extra</strong> gratis, válidos durante 30 días.</div>',
          labels: { claim_50_ai_credits: 'Obtener 50 créditos de IA extra' },
        },
        fr: {
          title: '<div class="slate-p">Vous avez presque épuisé vos crédits IA</div>',
          description:
            '<div class="slate-p">Merci de faire partie de nos utilisateurs les plus actifs\u202f! Recevez <strong>50 crédits IA bonus</strong> offerts, valables 30\u00a0jours.</div>',
          labels: { claim_50_ai_credits: 'Recevoir 50 crédits IA bonus' },
        },
        ja: {
          title: '<div class="slate-p">AIクレジットの残りがわずかです</div>',
          description:
            '<div class="slate-p">いつもご利用いただきありがとうございます。30日間有効な<strong>ボーナスAIクレジット50個</strong>を無料でお受け取りいただけます。</div>',
          labels: { claim_50_ai_credits: 'ボーナスAIクレジット50個を受け取る' },
        },
      },
    },
    {
      id: 'plan_upgrade',
      title: '<div class="slate-p">Upgrade to Business</div>',
      description:
        '<div class="slate-p">Your team is almost out of seats. Business gives you unlimited seats, SSO and priority support.</div>',
      options: [
        {
          id: 'upgrade_to_business',
          label: 'Upgrade to Business',
          processingType: 'checkout',
          processingLayout: 'full_page',
        },
      ],
      locales: {
        de: {
          title: '<div class="slate-p">Auf Business upgraden</div>',
          description:
            '<div class="slate-p">Ihr Team hat fast keine freien Plätze mehr. Mit Business erhalten Sie unbegrenzt viele Plätze, SSO und bevorzugten Support.</div>',
          labels: { upgrade_to_business: 'Auf Business upgraden' },
        },
        es: {
          title: '<div class="slate-p">Pásate a Business</div>',
          description:
            '<div class="slate-p">Tu equipo casi no tiene licencias disponibles. Con Business tienes licencias ilimitadas, SSO y soporte prioritario.</div>',
          labels: { upgrade_to_business: 'Pasar a Business' },
        },
        fr: {
          title: '<div class="slate-p">Passez à l’offre Business</div>',
          description:
            '<div class="slate-p">Votre équipe a presque utilisé toutes ses licences. Avec l’offre Business, profitez de licences illimitées, du SSO et d’une assistance prioritaire.</div>',
          labels: { upgrade_to_business: 'Passer à l’offre Business' },
        },
        ja: {
          title: '<div class="slate-p">Businessプランにアップグレード</div>',
          description:
            '<div class="slate-p">チームのシート数が上限に近づいています。Businessプランなら、シート数無制限、SSO、優先サポートをご利用いただけます。</div>',
          labels: { upgrade_to_business: 'Businessプランにアップグレード' },
        },
      },
    },
  ],
  plays: [
    {
      id: 'plan_upgrade',
      audience: 'seats_full',
      offer: 'plan_upgrade',
      priority: 30,
      cooldownSeconds: 86400,
    },
    {
      id: 'storage_upsell',
      audience: 'storage_heavy',
      offer: 'storage_upsell',
      priority: 20,
      cooldownSeconds: 86400,
    },
    {
      id: 'ai_credits_reward',
      audience: 'ai_credits_heavy',
      offer: 'ai_credits_reward',
      priority: 10,
      cooldownSeconds: 86400,
    },
  ],
  offerTtlSeconds: 1800,
  brand: { id: 'upsell-kit-test', name: 'Upsell Kit Test' },
};
