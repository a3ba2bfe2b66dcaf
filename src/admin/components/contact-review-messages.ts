/** The texts of the home page's widget "Contacts to review" (./ContactsToReview.tsx), Danish and English. */
export const CONTACT_REVIEW_MESSAGES = {
  da: {
    'partnerships-cms.contact-review.title': 'Kontaktpersoner til gennemgang',
    'partnerships-cms.contact-review.link': 'Alle kontakter',
    'partnerships-cms.contact-review.none': 'Ingen kontaktpersoner mangler gennemgang eller skal gennemgås de næste 30 dage.',
    'partnerships-cms.contact-review.overdue': 'Skjult: gennemgang overskredet {date}',
    'partnerships-cms.contact-review.soon': 'Gennemgås senest {date}',
    'partnerships-cms.contact-review.overdueBadge': 'Overskredet',
    'partnerships-cms.contact-review.soonBadge': 'Snart',
    'partnerships-cms.contact-review.missing': 'Skjult: mangler dato for gennemgang',
    'partnerships-cms.contact-review.missingBadge': 'Mangler',
    'partnerships-cms.contact-review.loadFailed': 'Kontakterne kunne ikke hentes.',
  },
  en: {
    'partnerships-cms.contact-review.title': 'Contacts to review',
    'partnerships-cms.contact-review.link': 'All contacts',
    'partnerships-cms.contact-review.none': 'No contacts lack a review or are due for one in the next 30 days.',
    'partnerships-cms.contact-review.overdue': 'Hidden: review was due {date}',
    'partnerships-cms.contact-review.soon': 'Review by {date}',
    'partnerships-cms.contact-review.overdueBadge': 'Overdue',
    'partnerships-cms.contact-review.soonBadge': 'Soon',
    'partnerships-cms.contact-review.missing': 'Hidden: no review date yet',
    'partnerships-cms.contact-review.missingBadge': 'Missing',
    'partnerships-cms.contact-review.loadFailed': 'The contacts could not be loaded.',
  },
};
