using static Portal.Tests.Features.Images.Conformance.Sih;
using static Portal.Tests.Features.Images.Conformance.SihLooks;

namespace Portal.Tests.Features.Images.Conformance;

/// <summary>SIH v6.3.3 <c>test/image-request/*.spec.ts</c>: how a request is read (type, bucket, key, edits, headers, format, signature).</summary>
public static class SihImageRequestCases
{
    private const int W = SihSources.Width, H = SihSources.Height;

    internal const string Isolation =
        "isolation: a request reads only the space of whoever asks (the signed-in customer's on /img, the catalog's on /catalog-img); " +
        "the bucket SIH's example names is not that space's, so the literal request is refused";


    internal const string TypeMessage = "same status and code; the message names the formats the portal reads (not compared)";

    internal const string NoSourceBuckets =
        "there is no SOURCE_BUCKETS list: each reader has exactly one bucket, its own space's";

    public static string NoSuchKeyMessage(string key) => $"The image {key} does not exist or the request may not be base64 encoded properly.";

    public static IEnumerable<SihCase> All() =>
        DecodeRequest().Concat(ParseRequestType()).Concat(InferImageType()).Concat(GetOriginalImage()).Concat(GetAllowedSourceBuckets())
            .Concat(ParseImageBucket()).Concat(ParseImageKey()).Concat(ParseImageEdits()).Concat(ParseImageHeaders())
            .Concat(GetOutputFormat()).Concat(DetermineOutputFormat()).Concat(FixQuality()).Concat(Setup());

    private static IEnumerable<SihCase> DecodeRequest()
    {
        const string s = "image-request/decode-request.spec.ts";
        yield return Different(s, "valid base64 path (SIH's literal, bucket-name-here)",
            Get("eyJidWNrZXQiOiJidWNrZXQtbmFtZS1oZXJlIiwia2V5Ijoia2V5LW5hbWUtaGVyZSJ9"), Refused(403, "ImageBucket::CannotAccessBucket"), Isolation);
        yield return Same(s, "valid base64 path (own bucket)", Get("""json:{"bucket":"{bucket}","key":"test-image-001.jpg"}"""),
            Jpeg(W, H, StoredBytes("test-image-001.jpg")));
        yield return Same(s, "not base64: read as a Thumbor key, which is not there",
            Get("someNonBase64EncodedContentHere"), Refused(404, "NoSuchKey", NoSuchKeyMessage("someNonBase64EncodedContentHere")));
        yield return Same(s, "base64 that is not a JSON request", Get("bm90IGpzb24="),
            Refused(400, "DecodeRequest::CannotDecodeRequest",
                "The image request you provided could not be decoded. Please check that your request is base64 encoded properly and refer to the documentation for additional guidance."));
        yield return Different(s, "no path at all", Get(""), Refused(400, "RequestTypeError"),
            "API Gateway always sends a path; an empty one is the portal's RequestTypeError rather than DecodeRequest::CannotReadPath");
    }

    private static IEnumerable<SihCase> ParseRequestType()
    {
        const string s = "image-request/parse-request-type.spec.ts";
        yield return Different(s, "default request detected (SIH's literal, my-sample-bucket)",
            Get("eyJidWNrZXQiOiJteS1zYW1wbGUtYnVja2V0Iiwia2V5IjoibXktc2FtcGxlLWtleSIsImVkaXRzIjp7ImdyYXlzY2FsZSI6dHJ1ZX19"),
            Refused(403, "ImageBucket::CannotAccessBucket"), Isolation);
        yield return Same(s, "default request detected (own bucket)",
            Get("""json:{"bucket":"{bucket}","key":"test-image-001.jpg","edits":{"grayscale":true}}"""), Jpeg(W, H, Grey));
        yield return Different(s, "thumbor request detected: unknown filters, a URL as the key",
            Get("unsafe/filters:brightness(10):contrast(30)/https://upload.wikimedia.org/wikipedia/commons/thumb/7/79/Coffee_berries_1.jpg/1200px-Coffee_berries_1.jpg"),
            Refused(400, "RequestTypeError"),
            "a key with an empty part ('//') is refused as no valid key (400) where S3 would not find it (404)");
        yield return Same(s, "thumbor request with no extension", Get("unsafe/filters:brightness(10):contrast(30)/image"), Jpeg(W, H, AsStored));
        foreach (var extension in new[] { ".jpg", ".jpeg", ".png", ".webp", ".tiff", ".tif", ".svg", ".gif", ".avif" })
            yield return Same(s, $"supported extension {extension}: a Thumbor request (for a missing key, 404)",
                Get($"missing{extension}"), Refused(404, "NoSuchKey", NoSuchKeyMessage($"missing{extension}")));
        yield return Different(s, "custom request detected (REWRITE_MATCH_PATTERN 'matchPattern')",
            Get("additionalImageRequestParameters/image.jpg", SihApp.Rewrite), Refused(404, "NoSuchKey"),
            "the rewrite is checked at start-up and must be a /pattern/flags, so SIH's 'matchPattern' cannot be set; with /(filters-)/gm the path is read as custom and the key is not there");
        yield return Same(s, "unknown type (.bmp key)", Get("12x12e24d234r2ewxsad123d34r.bmp"), Refused(400, "RequestTypeError"), TypeMessage);
        yield return Same(s, "thumbor request with an invalid extension", Get("testImage.abc"), Refused(400, "RequestTypeError"), TypeMessage);
        yield return Same(s, "path without an extension", Get("image"), Jpeg(W, H, StoredBytes("image")));
    }

    private static IEnumerable<SihCase> InferImageType()
    {
        const string s = "image-request/infer-image-type.spec.ts";
        foreach (var (magic, key) in new[] { ("FFD8FFDB", "magic/jpeg-db"), ("FFD8FFE0", "magic/jpeg-e0"), ("FFD8FFED", "magic/jpeg-ed"),
                     ("FFD8FFEE", "magic/jpeg-ee"), ("FFD8FFE1", "magic/jpeg-e1"), ("FFD8FFE2", "magic/jpeg-e2") })
            yield return Same(s, $"{magic} is image/jpeg", Get($"filters:grayscale()/{key}"), Jpeg(W, H, Grey));
        yield return NotObservable(s, "FFD8XXXX is image/jpeg",
            "only the guess is tested: a file of FF D8 and then no JPEG marker cannot be decoded by either handler");
        yield return Same(s, "89504E47 is image/png", Get("filters:grayscale()/magic/png"), Png(W, H, Grey));
        yield return Same(s, "52494646 is image/webp", Get("filters:grayscale()/magic/webp"), Webp(W, H, Grey));
        yield return Same(s, "49492A00 is image/tiff", Get("filters:grayscale()/magic/tiff-ii"), Tiff(W, H, Grey));
        yield return Same(s, "4D4D002A is image/tiff", Get("filters:grayscale()/magic/tiff-mm"), Tiff(W, H, Grey));
        yield return Same(s, "47494638 is image/gif", Get("""json:{"key":"magic/gif","edits":{"grayscale":true},"outputFormat":"png"}"""), Png(5, 5));
        yield return Same(s, "....ftypavif is image/avif", Get("filters:grayscale()/magic/avif"), Avif(W, H, Grey));
        yield return Different(s, "no known signature", Get("filters:grayscale()/magic/none"), Refused(415, "UnsupportedImageFormat"),
            "bytes that are no image are what the client stored: 415 Unsupported Media Type, not SIH's 500 RequestTypeError (never a 500 for client input)");
    }

    private static IEnumerable<SihCase> GetOriginalImage()
    {
        const string s = "image-request/get-original-image.spec.ts";
        yield return Same(s, "an image that can be retrieved", Get("test-image-001.jpg"), Jpeg(W, H, StoredBytes("test-image-001.jpg")));
        yield return Different(s, "no image signature (binary/octet-stream)", Get("magic/none"), Refused(415, "UnsupportedImageFormat"),
            "bytes that are no image are the client's: 415 Unsupported Media Type, not SIH's 500");
        yield return Same(s, "a key that does not exist", Get("invalidKey.jpg"), Refused(404, "NoSuchKey", NoSuchKeyMessage("invalidKey.jpg")));
        yield return CoveredElsewhere(s, "an unknown problem getting the object", Parity.Different,
            "ImageHandlerSettingsTests.A_store_outage_is_the_handlers_json_502", "a store outage is 502 `ImageStore::Unavailable` (retry), not SIH's 404");
        foreach (var contentType in new[] { "binary/octet-stream", "application/octet-stream" })
        {
            yield return Same(s, $"{contentType}: infer image/png", Get(contentType == "binary/octet-stream" ? "magic/png" : "filters:format(png)/magic/webp"),
                Png(W, H, AsStored));
            yield return Same(s, $"{contentType}: infer image/jpeg", Get(contentType == "binary/octet-stream" ? "magic/jpeg-e0" : "magic/jpeg-e1"), Jpeg(W, H, AsStored));
            yield return Same(s, $"{contentType}: infer image/webp", Get(contentType == "binary/octet-stream" ? "filters:format(webp)/magic/png" : "magic/webp"),
                Webp(W, H, AsStored));
            yield return Same(s, $"{contentType}: infer image/gif", Get(contentType == "binary/octet-stream" ? "magic/gif" : "magic/gif-app"), Gif(5, 5));
            var octet = contentType == "binary/octet-stream";
            yield return Same(s, $"{contentType}: infer image/tiff (II and MM)", Get(octet ? "magic/tiff-ii" : "magic/tiff-mm"),
                Tiff(W, H, AsStored, StoredBytes(octet ? "magic/tiff-ii" : "magic/tiff-mm")),
                octet ? "II (little-endian) here, MM (big-endian) under application/octet-stream" : null);
            yield return Same(s, $"{contentType}: infer image/avif", Get(octet ? "magic/avif" : "magic/avif-app"),
                Avif(W, H, AsStored, StoredBytes(octet ? "magic/avif" : "magic/avif-app")));
        }
    }

    private static IEnumerable<SihCase> GetAllowedSourceBuckets()
    {
        const string s = "image-request/get-allowed-source-buckets.spec.ts";
        yield return Different(s, "SOURCE_BUCKETS read as a list", Get("""json:{"bucket":"{bucket}","key":"test-image-001.jpg","edits":{"grayscale":true}}"""),
            Jpeg(W, H, Grey), NoSourceBuckets);
        yield return NotObservable(s, "empty SOURCE_BUCKETS is GetAllowedSourceBuckets::NoSourceBuckets", NoSourceBuckets + "; nothing to leave empty");
    }

    private static IEnumerable<SihCase> ParseImageBucket()
    {
        const string s = "image-request/parse-image-bucket.spec.ts";
        yield return Different(s, "bucket in the request and allowed (SIH's literal, allowedBucket001)",
            Get("eyJidWNrZXQiOiJhbGxvd2VkQnVja2V0MDAxIiwia2V5Ijoic2FtcGxlSW1hZ2VLZXkwMDEuanBnIiwiZWRpdHMiOnsiZ3JheXNjYWxlIjoidHJ1ZSJ9fQ=="),
            Refused(403, "ImageBucket::CannotAccessBucket"), Isolation);
        yield return Same(s, "bucket in the request and allowed (own bucket)",
            Get("""json:{"bucket":"{bucket}","key":"sampleImageKey001.jpg","edits":{"grayscale":"true"}}"""), Jpeg(W, H, Grey));
        yield return Different(s, "bucket in the request, not allowed", Get("""json:{"bucket":"allowedBucket001","key":"sampleImageKey001.jpg"}"""),
            Refused(403, "ImageBucket::CannotAccessBucket"),
            "same status and code; the message does not point to SOURCE_BUCKETS, which does not exist here (not compared)");
        yield return Same(s, "no bucket (SIH's literal path: '==' after a full group of four)",
            Get("eyJrZXkiOiJzYW1wbGVJbWFnZUtleTAwMS5qcGciLCJlZGl0cyI6eyJncmF5c2NhbGUiOiJ0cnVlIn19=="), Refused(404, "NoSuchKey"),
            "SIH's own Default pattern does not match this base64 (its test calls the bucket parser directly), so a deployed SIH reads it as a Thumbor key, as the portal does");
        yield return Same(s, "no bucket: the default", Get("""json:{"key":"sampleImageKey001.jpg","edits":{"grayscale":"true"}}"""), Jpeg(W, H, Grey));
        yield return Same(s, "thumbor: the default bucket", Get("filters:grayscale()/test-image-001.jpg"), Jpeg(W, H, Grey));
        yield return Same(s, "custom: the default bucket", Get("filters-grayscale()/test-image-001.jpg", SihApp.Rewrite), Jpeg(W, H, Grey));
        yield return NotObservable(s, "no request type is ImageBucket::CannotFindBucket", "a call with no request type; every HTTP request has one");
        yield return Different(s, "s3:BUCKET after the filters, not allowed", Get("filters:grayscale()/s3:test-bucket/test-image-001.jpg"),
            Refused(403, "ImageBucket::CannotAccessBucket"),
            "SIH falls back to the default bucket and looks for a key 's3:test-bucket/…' (404); naming another bucket is a 403 here, whoever owns it");
        yield return Same(s, "s3:BUCKET before the filters (own bucket)", Get("s3:{bucket}/filters:grayscale()/test-image-001.jpg"), Jpeg(W, H, Grey));
        yield return Different(s, "s3:BUCKET before the filters (another bucket)", Get("s3:test-bucket/filters:grayscale()/test-image-001.jpg"),
            Refused(403, "ImageBucket::CannotAccessBucket"), Isolation);
        yield return Different(s, "only allowed buckets are taken of several s3: segments", Get("s3:non-test-bucket/s3:{bucket}/test-image-001.jpg"),
            Refused(403, "ImageBucket::CannotAccessBucket"),
            "a request reads one bucket: s3: segments naming different buckets are a 403 (SIH picks the first allowed one)");
        yield return Same(s, "s3:BUCKET after the filters (own bucket)", Get("filters:grayscale()/s3:{bucket}/test-image-001.jpg"), Jpeg(W, H, Grey));
        yield return Same(s, "no s3: segment: the default bucket", Get("filters:grayscale()/test-image-001.jpg"), Jpeg(W, H, Grey));
    }

    private static IEnumerable<SihCase> ParseImageKey()
    {
        const string s = "image-request/parse-image-key.spec.ts";
        yield return Different(s, "default request key (SIH's literal, my-sample-bucket)",
            Get("eyJidWNrZXQiOiJteS1zYW1wbGUtYnVja2V0Iiwia2V5Ijoic2FtcGxlLWltYWdlLTAwMS5qcGcifQ=="), Refused(403, "ImageBucket::CannotAccessBucket"), Isolation);
        yield return Same(s, "default request key (own bucket)", Get("""json:{"bucket":"{bucket}","key":"sample-image-001.jpg"}"""),
            Jpeg(W, H, StoredBytes("sample-image-001.jpg")));
        yield return Different(s, "base64 with '/' and a UTF-8 key (SIH's literal, an elasticbeanstalk bucket)",
            Get("eyJidWNrZXQiOiJlbGFzdGljYmVhbnN0YWxrLXVzLWVhc3QtMi0wNjY3ODQ4ODU1MTgiLCJrZXkiOiJlbnYtcHJvZC9nY2MvbGFuZGluZ3BhZ2UvMV81N19TbGltTl9MaWZ0LUNvcnNldC1Gb3ItTWVuLVNOQVAvYXR0YWNobWVudHMvZmZjMWYxNjAtYmQzOC00MWU4LThiYWQtZTNhMTljYzYxZGQzX1/Ys9mE2YrZhSDZhNmK2YHYqiAoMikuanBnIiwiZWRpdHMiOnsicmVzaXplIjp7IndpZHRoIjo0ODAsImZpdCI6ImNvdmVyIn19fQ=="),
            Refused(403, "ImageBucket::CannotAccessBucket"), Isolation);
        yield return Same(s, "base64 with '/' and a UTF-8 key (no bucket)",
            Get("eyJrZXkiOiJlbnYtcHJvZC9nY2MvbGFuZGluZ3BhZ2UvMV81N19TbGltTl9MaWZ0LUNvcnNldC1Gb3ItTWVuLVNOQVAvYXR0YWNobWVudHMvZmZjMWYxNjAtYmQzOC00MWU4LThiYWQtZTNhMTljYzYxZGQzX1/Ys9mE2YrZhSDZhNmK2YHYqiAoMikuanBnIiwiZWRpdHMiOnsicmVzaXplIjp7IndpZHRoIjo0ODAsImZpdCI6ImNvdmVyIn19fQ=="),
            Jpeg(480, 400, AsStored));
        yield return Same(s, "thumbor key after two filters segments", Get("filters:rotate(90)/filters:grayscale()/thumbor-image.jpg"), Jpeg(H, W, GreyTurnedClockwise));
        yield return Same(s, "thumbor key with '(' and ')'", Get("filters:rotate(90)/filters:grayscale()/thumbor-image (1).jpg"), Jpeg(H, W, GreyTurnedClockwise));
        yield return Same(s, "s3:BUCKET equal to the bucket is not part of the key",
            Get("filters:rotate(90)/s3:{bucket}/filters:grayscale()/thumbor-image (1).jpg"), Jpeg(H, W, GreyTurnedClockwise));
        yield return Different(s, "s3:BUCKET of another bucket stays in the key", Get("filters:rotate(90)/filters:grayscale()/s3:some-test-bucket/thumbor-image (1).jpg"),
            Refused(403, "ImageBucket::CannotAccessBucket"), "naming another bucket is a 403 here (SIH looks for the key 's3:some-test-bucket/…' in its default bucket)");
        yield return Same(s, "thumbor key with '('", Get("filters:rotate(90)/filters:grayscale()/thumbor-image (1.jpg"), Jpeg(H, W, GreyTurnedClockwise));
        yield return Same(s, "thumbor key with ')'", Get("filters:rotate(90)/filters:grayscale()/thumbor-image 1).jpg"), Jpeg(H, W, GreyTurnedClockwise));
        yield return Same(s, "thumbor key with '(1)' in the middle", Get("filters:rotate(90)/filters:grayscale()/thumbor-image (1) suffix.jpg"), Jpeg(H, W, GreyTurnedClockwise));
        yield return Same(s, "key after a crop", Get("10x10:100x100/filters:rotate(90)/filters:grayscale()/thumbor-image (1) suffix.jpg"), Jpeg(90, 90, AllGrey));
        yield return Same(s, "key after a resize", Get("10x10/filters:rotate(90)/filters:grayscale()/thumbor-image (1) suffix.jpg"), Jpeg(10, 10, AllGrey));
        yield return Same(s, "key after a crop and a resize", Get("10x20:100x200/10x10/filters:rotate(90)/filters:grayscale()/thumbor-image (1) suffix.jpg"), Jpeg(10, 10, AllGrey));
        yield return Same(s, "key containing 'fit-in'", Get("fit-in/400x0/filters:fill(ffffff)/fit-in-thumbor-image (1) suffix.jpg"), Jpeg(400, 333, AsStored));
        yield return Same(s, "key in a sub-directory named like a size", Get("100x100/test-100x100/test/beach-100x100.jpg"), Jpeg(100, 100, AsStored));
        yield return Same(s, "custom request key", Get("filters-rotate(90)/filters-grayscale()/custom-image.jpg", SihApp.Rewrite), Jpeg(H, W, GreyTurnedClockwise));
        yield return NotObservable(s, "no request type is ImageEdits::CannotFindImage", "a call with no request type; every HTTP request has one");
        yield return Different(s, "watermark key with '/' (bucket 'bucket')", Get("fit-in/400x400/filters:watermark(bucket,folder/key.png,0,0)/image.jpg"),
            Refused(403, "ImageBucket::CannotAccessBucket"), Isolation + " (the watermark's bucket too)");
        yield return Same(s, "watermark key with '/' (own bucket)", Get("fit-in/400x400/filters:watermark({bucket},folder/key.png,0,0)/image.jpg"),
            Jpeg(400, 333, AtPixel(5, 5, Magenta, "the watermark at the top-left corner")));
        yield return Same(s, "watermark key without '/' (own bucket)", Get("fit-in/400x400/filters:watermark({bucket},key.png,0,0)/image.jpg"),
            Jpeg(400, 333, AtPixel(5, 5, Magenta, "the watermark at the top-left corner")));
    }

    private static IEnumerable<SihCase> ParseImageEdits()
    {
        const string s = "image-request/parse-image-edits.spec.ts";
        yield return Different(s, "default request edits (SIH's literal, no key)", Get("eyJlZGl0cyI6eyJncmF5c2NhbGUiOiJ0cnVlIiwicm90YXRlIjo5MCwiZmxpcCI6InRydWUifX0="),
            Refused(400, "DecodeRequest::CannotDecodeRequest"), "a request without a key says so (400) rather than looking for an image named 'undefined'");
        yield return Same(s, "default request edits (with a key): grayscale \"true\", rotate 90, flip \"true\"",
            Get("""json:{"key":"test-image-001.jpg","edits":{"grayscale":"true","rotate":90,"flip":"true"}}"""), Jpeg(H, W, AllGrey));
        yield return Same(s, "thumbor edits", Get("filters:rotate(90)/filters:grayscale()/thumbor-image.jpg"), Jpeg(H, W, GreyTurnedClockwise));
        yield return Same(s, "custom edits", Get("filters-rotate(90)/filters-grayscale()/thumbor-image.jpg", SihApp.Rewrite), Jpeg(H, W, GreyTurnedClockwise));
        yield return NotObservable(s, "no request type is ImageEdits::CannotParseEdits", "a call with no request type; every HTTP request has one");
    }

    private static IEnumerable<SihCase> ParseImageHeaders()
    {
        const string s = "image-request/parse-image-headers.spec.ts";
        yield return Different(s, "headers of a default request (SIH's literal, validBucket)",
            Get("eyJidWNrZXQiOiJ2YWxpZEJ1Y2tldCIsImtleSI6InZhbGlkS2V5IiwiaGVhZGVycyI6eyJDYWNoZS1Db250cm9sIjoibWF4LWFnZT0zMTUzNjAwMCxwdWJsaWMifSwib3V0cHV0Rm9ybWF0IjoianBlZyJ9"),
            Refused(403, "ImageBucket::CannotAccessBucket"), Isolation);
        yield return Different(s, "headers of a default request (own bucket): Cache-Control",
            Get("""json:{"bucket":"{bucket}","key":"validKey","headers":{"Cache-Control":"max-age=60,public"},"outputFormat":"jpeg"}"""),
            Jpeg(W, H, CacheControl(60)),
            "a customer's own images stay private whatever the request asks (only the catalog's may be made public)");
        yield return Same(s, "restricted headers are removed",
            Get("""json:{"bucket":"{bucket}","key":"validKey","headers":{"Cache-Control":"max-age=31536000,public","Transfer-encoding":"value","x-api-key":"value","x-amz-header":"value","content-type":"html","Access-Control-Allow-Origin":"*"},"outputFormat":"jpeg"}"""),
            Jpeg(W, H, NoHeader("x-api-key"), NoHeader("x-amz-header"), NoHeader("Access-Control-Allow-Origin"), NoHeader("Transfer-encoding")));
        yield return Same(s, "no headers", Get("""json:{"bucket":"{bucket}","key":"validKey","edits":{"grayscale":true}}"""), Jpeg(W, H, CacheControl(31_536_000)));
        yield return NotObservable(s, "no headers for Thumbor or custom requests", "those forms have no way to name headers");
    }

    private static IEnumerable<SihCase> GetOutputFormat()
    {
        const string s = "image-request/get-output-format.spec.ts";
        const string chrome = "text/html,application/xhtml+xml,application/xml;q=0.9,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3";
        const string noWebp = "text/html,application/xhtml+xml,application/xml;q=0.9,image/apng,*/*;q=0.8,application/signed-exchange;v=b3";
        yield return Same(s, "AUTO_WEBP and an Accept with image/webp", Get("filters:grayscale()/test-image-001.jpg", SihApp.AutoWebp, chrome), Webp(W, H, Grey));
        yield return NotObservable(s, "the same with a lower-case 'accept'", "HTTP header names have no case; only the Lambda event's keys do");
        yield return Same(s, "AUTO_WEBP and an Accept without image/webp", Get("filters:grayscale()/test-image-001.jpg", SihApp.AutoWebp, noWebp), Jpeg(W, H, Grey));
        yield return Same(s, "AUTO_WEBP off", Get("filters:grayscale()/photo.jpg", SihApp.Default, chrome), Jpeg(W, H));
        yield return Same(s, "AUTO_WEBP not set (off by default)", Get("filters:grayscale()/test-image-001.jpg", SihApp.Default, chrome), Jpeg(W, H, Grey));
    }

    private static IEnumerable<SihCase> DetermineOutputFormat()
    {
        const string s = "image-request/determine-output-format.spec.ts";
        const string edits = "\"edits\":{\"roundCrop\":true,\"resize\":{\"width\":100,\"height\":100}}";
        yield return Same(s, "edits.toFormat", Get("""json:{"key":"test-image-001.jpg","edits":{"toFormat":"png"}}"""), Png(W, H, AsStored));
        yield return Same(s, "outputFormat", Get($$"""json:{"key":"test-image-001.jpg",{{edits}},"outputFormat":"png"}"""),
            Png(100, 100, Transparent(0.02, 0.02, "round: the corners transparent"), Opaque(0.5, 0.5, "the middle opaque")));
        foreach (var (effort, what) in new[] { ("3", "effort 3"), ("\"invalid\"", "effort not a number (default 4)"), ("7", "effort above 6 (default 4)"),
                     ("-1", "effort below 0 (default 4)"), ("2.378", "effort with decimals (truncated)") })
            yield return Same(s, $"webp with {what}", Get($$"""json:{"key":"test-image-001.jpg",{{edits}},"outputFormat":"webp","effort":""" + effort + "}"),
                Webp(100, 100), "effort changes only the encoder's work: the answer is a WebP whatever it is");
    }

    private static IEnumerable<SihCase> FixQuality()
    {
        const string s = "image-request/fix-quality.spec.ts";
        yield return Same(s, "a Thumbor quality follows the output format (png source, jpeg out)",
            Get("filters:quality(10)/filters:format(jpeg)/image_without_extension.png"),
            Jpeg(W, H, SmallerThan(Get("filters:format(jpeg)/image_without_extension.png"))));
        yield return NotObservable(s, "not for an output format SIH does not know", "format() takes only the formats SIH names; no request reaches it with another");
        yield return Same(s, "not when the output format is the quality's own (png quality for png)", Get("filters:quality(80)/filters:format(png)/quad.png"),
            Png(W, H, PalettePng, AsStored), "sharp's png({quality}) is a palette PNG");
        yield return Same(s, "not for a default request: png quality does not carry over to jpeg",
            Get("""json:{"key":"image_without_extension.png","edits":{"png":{"quality":10}},"outputFormat":"jpeg"}"""),
            Jpeg(W, H, SameBytesAs(Get("""json:{"key":"image_without_extension.png","outputFormat":"jpeg"}"""))));
        yield return Same(s, "not without an output format (png quality kept for png)", Get("filters:quality(80)/quad.png"), Png(W, H, PalettePng, AsStored));
    }

    private static IEnumerable<SihCase> Setup()
    {
        const string s = "image-request/setup.spec.ts";
        yield return Different(s, "default request (SIH's literal, validBucket)",
            Get("eyJidWNrZXQiOiJ2YWxpZEJ1Y2tldCIsImtleSI6InZhbGlkS2V5IiwiZWRpdHMiOnsiZ3JheXNjYWxlIjp0cnVlfSwib3V0cHV0Rm9ybWF0IjoianBlZyJ9"),
            Refused(403, "ImageBucket::CannotAccessBucket"), Isolation);
        yield return Same(s, "default request (own bucket)", Get("""json:{"bucket":"{bucket}","key":"validKey","edits":{"grayscale":true},"outputFormat":"jpeg"}"""), Jpeg(W, H, Grey));
        yield return Same(s, "default request with a UTF-8 key", Get("""json:{"bucket":"{bucket}","key":"中文","edits":{"grayscale":true},"outputFormat":"jpeg"}"""), Jpeg(W, H, Grey));
        yield return Same(s, "default request with toFormat png", Get("""json:{"bucket":"{bucket}","key":"validKey","edits":{"toFormat":"png"}}"""), Png(W, H, AsStored));
        yield return Same(s, "thumbor request", Get("filters:grayscale()/test-image-001.jpg"), Jpeg(W, H, Grey));
        yield return Same(s, "thumbor request with format(png) and quality(50)", Get("filters:format(png)/filters:quality(50)/test-image-001.jpg"), Png(W, H));
        yield return Same(s, "custom request", Get("filters-rotate(90)/filters-grayscale()/custom-image.jpg", SihApp.Rewrite), Jpeg(H, W, GreyTurnedClockwise));
        yield return Same(s, "custom request without an extension", Get("filters-rotate(90)/filters-grayscale()/custom-image", SihApp.Rewrite), Jpeg(H, W, GreyTurnedClockwise));
        yield return Same(s, "an error is caught: a bucket not allowed",
            Get("eyJidWNrZXQiOiJ2YWxpZEJ1Y2tldCIsImtleSI6InZhbGlkS2V5IiwiZWRpdHMiOnsiZ3JheXNjYWxlIjp0cnVlfX0="), Refused(403, "ImageBucket::CannotAccessBucket"));
        yield return Different(s, "signature correct", Get("""json:{"bucket":"{bucket}","key":"validKey","edits":{"toFormat":"png"}}""", SihApp.Signed, query: "signature={signature}"),
            Png(W, H), "the same HMAC-SHA256 (hex) of the path; the secret is a setting of 16 or more characters, so SIH's fixture signature (secret 'secret') cannot be reused");
        yield return Same(s, "no query string", Get("""json:{"bucket":"{bucket}","key":"validKey","edits":{"toFormat":"png"}}""", SihApp.Signed),
            Refused(400, "AuthorizationQueryParametersError", "Query-string requires the signature parameter."));
        yield return Same(s, "no signature parameter", Get("""json:{"bucket":"{bucket}","key":"validKey","edits":{"toFormat":"png"}}""", SihApp.Signed, query: "other=1"),
            Refused(400, "AuthorizationQueryParametersError", "Query-string requires the signature parameter."));
        yield return Same(s, "signature does not match", Get("""json:{"bucket":"{bucket}","key":"validKey","edits":{"toFormat":"png"}}""", SihApp.Signed, query: "signature=invalid"),
            Refused(403, "SignatureDoesNotMatch", "Signature does not match."));
        yield return NotObservable(s, "Secrets Manager fails: 500 SignatureValidationFailure",
            "the secret is a setting checked at start-up; there is no Secrets Manager call to fail");
        yield return Different(s, "SVG without edits is returned as SVG", Get("image.svg"), Refused(415, "UnsupportedImageFormat"),
            "a stored SVG is never served as markup: from the portal's own origin its scripts would run with the reader's session (stored XSS); SIH serves it from its own CloudFront domain");
        yield return Same(s, "SVG with edits and no format becomes PNG", Get("""json:{"bucket":"{bucket}","key":"image.svg","edits":{"resize":{"width":40}}}"""),
            Png(40, 20, At(0.5, 0.5, SihLooks.Red, "the red rectangle, rasterised")),
            "rasterised by librsvg from memory: it loads no file and fetches nothing; its bytes (Imaging:MaxSvgBytes) and pixels (Imaging:MaxSvgPixels) are limited");
        yield return Same(s, "SVG with format(jpg) becomes JPEG", Get("filters:format(jpg)/image.svg"),
            Jpeg(20, 10, At(0.5, 0.5, SihLooks.Red, "the red rectangle, rasterised")));
        yield return Different(s, "custom headers", Get("""json:{"bucket":"{bucket}","key":"validKey","headers":{"Cache-Control":"max-age=31536000,public"},"outputFormat":"jpeg"}"""),
            Jpeg(W, H, CacheControl(31_536_000)), "a customer's own images stay private (only the catalog's are public)");
        foreach (var (effort, what) in new[] { ("3", "valid reductionEffort"), ("\"test\"", "reductionEffort of the wrong type"), ("10", "reductionEffort out of range") })
            yield return Same(s, $"webp with {what}", Get("""json:{"bucket":"{bucket}","key":"test.png","outputFormat":"webp","reductionEffort":""" + effort + "}"),
                Webp(W, H, AsStored), "effort changes only the encoder's work");
        yield return Same(s, "webp without reductionEffort", Get("""json:{"bucket":"{bucket}","key":"test.png","outputFormat":"webp"}"""), Webp(W, H, AsStored));
        yield return Different(s, "UTF-8 key (SIH's literal, bucket 'test')",
            Get("eyJidWNrZXQiOiJ0ZXN0Iiwia2V5Ijoi5Lit5paHIiwiZWRpdHMiOnsiZ3JheXNjYWxlIjp0cnVlfSwib3V0cHV0Rm9ybWF0IjoianBlZyJ9"),
            Refused(403, "ImageBucket::CannotAccessBucket"), Isolation);
    }
}
