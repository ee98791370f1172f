/**
 * The signing region of a Bedrock Runtime endpoint. AWS host names say it
 * (`bedrock-runtime.us-east-1.amazonaws.com`, `bedrock-runtime-fips.us-gov-west-1.amazonaws.com`,
 * `vpce-0abc.bedrock-runtime.eu-west-1.vpce.amazonaws.com`, `….amazonaws.com.cn`); a local or private
 * endpoint does not, so `fallback`, then AWS_REGION, decides.
 */
export function upstreamRegion(upstream: URL, fallback: string | undefined): string {
  const fromHost = /\.([a-z]{2}(?:-[a-z]+)+-\d+)\.(?:vpce\.)?amazonaws\.com(?:\.cn)?$/.exec(
    `.${upstream.hostname}`,
  )?.[1];
  return fromHost ?? fallback ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1";
}
