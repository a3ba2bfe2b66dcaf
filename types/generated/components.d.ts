import type { Schema, Struct } from '@strapi/strapi';

export interface PartnershipActivity extends Struct.ComponentSchema {
  collectionName: 'components_partnership_activitys';
  info: {
    description: 'An activity a partnership runs.';
    displayName: 'Activity';
    icon: 'calendar';
  };
  attributes: {
    description: Schema.Attribute.Text &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 1000;
      }>;
    kind: Schema.Attribute.Enumeration<['homework_help', 'job_seeking_help', 'language_cafe', 'debate', 'cultural_event', 'digital_help', 'counselling', 'other']>;
    title: Schema.Attribute.String &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 200;
      }>;
  };
}

export interface PressMediaItem extends Struct.ComponentSchema {
  collectionName: 'components_press_media_items';
  info: {
    description: "A file of a press release's media kit (an image, a logo, a fact sheet) with what a journalist needs to use it: its credit and licence.";
    displayName: 'Media item';
    icon: 'picture';
  };
  attributes: {
    credit: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 200;
      }>;
    file: Schema.Attribute.Media<'images' | 'files'> & Schema.Attribute.Required;
    kind: Schema.Attribute.Enumeration<['photo', 'logo', 'fact_sheet', 'document']> & Schema.Attribute.Required & Schema.Attribute.DefaultTo<'photo'>;
    licence: Schema.Attribute.Enumeration<['press_use', 'cc_by_4_0', 'cc_by_sa_4_0', 'cc0']>;
    title: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 200;
      }>;
  };
}

export interface SharedKeyFigure extends Struct.ComponentSchema {
  collectionName: 'components_shared_key_figures';
  info: {
    description: 'An outcome in figures, with its source.';
    displayName: 'Key figure';
    icon: 'chartPie';
  };
  attributes: {
    label: Schema.Attribute.String &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 200;
      }>;
    source: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 300;
      }>;
    value: Schema.Attribute.String &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 50;
      }>;
  };
}

export interface SharedLink extends Struct.ComponentSchema {
  collectionName: 'components_shared_links';
  info: {
    description: 'A labelled http(s) link.';
    displayName: 'Link';
    icon: 'link';
  };
  attributes: {
    label: Schema.Attribute.String &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 200;
      }>;
    url: Schema.Attribute.String &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 2048;
      }>;
  };
}

export interface SharedQuote extends Struct.ComponentSchema {
  collectionName: 'components_shared_quotes';
  info: {
    description: 'A quotation with its author.';
    displayName: 'Quote';
    icon: 'quote';
  };
  attributes: {
    author: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 200;
      }>;
    role: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 200;
      }>;
    text: Schema.Attribute.Text &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 1000;
      }>;
  };
}

export interface SharedSeo extends Struct.ComponentSchema {
  collectionName: 'components_shared_seos';
  info: {
    description: 'Search engine and social sharing metadata.';
    displayName: 'SEO';
    icon: 'search';
  };
  attributes: {
    metaDescription: Schema.Attribute.Text &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 160;
      }>;
    metaTitle: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 60;
      }>;
    noIndex: Schema.Attribute.Boolean & Schema.Attribute.DefaultTo<false>;
    shareImage: Schema.Attribute.Media<'images'>;
  };
}

declare module '@strapi/strapi' {
  export namespace Public {
    export interface ComponentSchemas {
      'partnership.activity': PartnershipActivity;
      'press.media-item': PressMediaItem;
      'shared.key-figure': SharedKeyFigure;
      'shared.link': SharedLink;
      'shared.quote': SharedQuote;
      'shared.seo': SharedSeo;
    }
  }
}
