/** The part of madge's API that scripts/check-cycles.ts uses (the package ships no types). */
declare module 'madge' {
  interface MadgeResult {
    circular(): string[][];
  }
  interface MadgeOptions {
    fileExtensions?: string[];
    tsConfig?: string;
    detectiveOptions?: { ts?: { skipTypeImports?: boolean } };
  }
  export default function madge(path: string, options?: MadgeOptions): Promise<MadgeResult>;
}
