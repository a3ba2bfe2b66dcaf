import * as React from 'react';
import { useLocation } from 'react-router-dom';
import { RIGHT_TO_LEFT_LOCALES } from '../../bootstrap/locales';

/**
 * Right-to-left editing: in the edit view of an Arabic, Persian or Urdu version (any locale of
 * RIGHT_TO_LEFT_LOCALES), every text input, text area and rich-text editor of the form gets
 * `dir="rtl"`, so punctuation and the caret land where a reader of that script expects them.
 * Fields that hold addresses, codes or numbers (slug, links, e-mail, phone, coordinates) stay
 * left-to-right. Strapi's inputs set no `dir`; they are set here on the rendered elements (the
 * edit view has no option for it), and again whenever the form renders new fields.
 */
const LEFT_TO_RIGHT_FIELDS = new Set(['slug', 'url', 'website', 'email', 'phone', 'integrationCouncilUrl', 'code', 'latitude', 'longitude']);
const MARK = 'data-text-direction';
const EDITABLE = 'input[type="text"], input:not([type]), textarea, [contenteditable="true"]';

export function isRightToLeft(locale: string | null | undefined): boolean {
  return !!locale && RIGHT_TO_LEFT_LOCALES.includes(locale.toLowerCase().split('-')[0]);
}

/** The direction for one element of the form: by the last part of its field name. */
function directionOf(element: Element): 'rtl' | 'ltr' {
  const name = element.getAttribute('name') ?? element.closest('[data-field-name]')?.getAttribute('data-field-name') ?? '';
  const field = name.split('.').pop() ?? '';
  return LEFT_TO_RIGHT_FIELDS.has(field) ? 'ltr' : 'rtl';
}

function apply(root: ParentNode, rightToLeft: boolean) {
  root.querySelectorAll(EDITABLE).forEach((element) => {
    if (element.closest('[role="dialog"], nav, header')) return;
    if (rightToLeft) {
      const direction = directionOf(element);
      if (element.getAttribute('dir') !== direction) element.setAttribute('dir', direction);
      element.setAttribute(MARK, direction);
    } else if (element.hasAttribute(MARK)) {
      element.removeAttribute('dir');
      element.removeAttribute(MARK);
    }
  });
}

/** Rendered in the edit view (the Content Manager's `editView.right-links` zone); shows nothing. */
export function TextDirection(): null {
  const { search } = useLocation();
  const locale = new URLSearchParams(search).get('plugins[i18n][locale]');
  const rightToLeft = isRightToLeft(locale);
  React.useEffect(() => {
    const root = document.querySelector('main') ?? document.body;
    apply(root, rightToLeft);
    const observer = new MutationObserver(() => apply(root, rightToLeft));
    observer.observe(root, { childList: true, subtree: true });
    return () => {
      observer.disconnect();
      apply(root, false);
    };
  }, [rightToLeft]);
  return null;
}
