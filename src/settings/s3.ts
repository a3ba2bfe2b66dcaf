import { envSwitch } from '../utils/env-switch';

/**
 * Uploads to an S3-compatible bucket (AWS S3, or MinIO, Ceph, R2 … with S3_ENDPOINT) through
 * `@strapi/provider-upload-aws-s3`, only when S3_BUCKET is set; otherwise files stay on the local
 * disk in public/uploads, which suits one instance only.
 */
export type S3Settings = {
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  /** The address files are served from (a CDN or the bucket's public URL); also allowed by the CSP. */
  publicUrl?: string;
  rootPath?: string;
  acl?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
};

const httpUrl = (name: string, value: string): string => {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return value.replace(/\/+$/, '');
  } catch {
    // reported below
  }
  throw new Error(`${name}="${value}" must be an http(s) URL`);
};

export function s3Settings(env: NodeJS.ProcessEnv = process.env): S3Settings | null {
  const bucket = env.S3_BUCKET?.trim();
  if (!bucket) return null;
  const region = env.S3_REGION?.trim();
  if (!region) throw new Error('S3_BUCKET is set, so S3_REGION must be set too (for example eu-north-1; any value the S3-compatible service accepts)');
  const accessKeyId = env.S3_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.S3_SECRET_ACCESS_KEY?.trim();
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    throw new Error('Set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither (then the AWS SDK finds credentials itself, such as an instance role)');
  }
  const endpoint = env.S3_ENDPOINT?.trim() ? httpUrl('S3_ENDPOINT', env.S3_ENDPOINT.trim()) : undefined;
  return {
    bucket,
    region,
    endpoint,
    forcePathStyle: envSwitch('S3_FORCE_PATH_STYLE', Boolean(endpoint), env),
    publicUrl: env.S3_PUBLIC_URL?.trim() ? httpUrl('S3_PUBLIC_URL', env.S3_PUBLIC_URL.trim()) : undefined,
    rootPath: env.S3_ROOT_PATH?.trim() || undefined,
    acl: env.S3_ACL?.trim() || undefined,
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
  };
}

/** The upload plugin's provider settings for these S3 settings. */
export function s3UploadProvider(settings: S3Settings) {
  return {
    provider: 'aws-s3',
    providerOptions: {
      baseUrl: settings.publicUrl,
      rootPath: settings.rootPath,
      s3Options: {
        region: settings.region,
        endpoint: settings.endpoint,
        forcePathStyle: settings.forcePathStyle,
        credentials: settings.credentials,
        // No ACL header unless S3_ACL asks for one: buckets created since 2023 refuse ACLs, and
        // public reading is better granted by a bucket policy or a CDN.
        params: { Bucket: settings.bucket, ACL: settings.acl },
      },
    },
  };
}

/** Where uploaded files are served from when that is not this server: for the CSP's img-src and media-src. */
export function s3Origins(settings: S3Settings | null): string[] {
  if (!settings) return [];
  const origins = new Set<string>();
  if (settings.publicUrl) origins.add(new URL(settings.publicUrl).origin);
  if (settings.endpoint) {
    const endpoint = new URL(settings.endpoint);
    origins.add(settings.forcePathStyle ? endpoint.origin : `${endpoint.protocol}//${settings.bucket}.${endpoint.host}`);
  } else {
    origins.add(settings.forcePathStyle ? `https://s3.${settings.region}.amazonaws.com` : `https://${settings.bucket}.s3.${settings.region}.amazonaws.com`);
  }
  return [...origins];
}
