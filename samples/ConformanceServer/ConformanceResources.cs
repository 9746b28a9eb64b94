using System.ComponentModel;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace ConformanceServer;

/// <summary>The resources the conformance suite reads and subscribes to.</summary>
[McpServerResourceType]
public sealed class ConformanceResources
{
    public const string StaticTextUri = "test://static-text";
    public const string StaticBinaryUri = "test://static-binary";
    public const string TemplateUri = "test://template/{id}/data";
    public const string WatchedUri = "test://watched-resource";

    [McpServerResource(UriTemplate = StaticTextUri, Name = "static-text", MimeType = "text/plain")]
    [Description("A static text resource.")]
    public static string StaticText() => "This is the content of the static text resource.";

    [McpServerResource(UriTemplate = StaticBinaryUri, Name = "static-binary", MimeType = TestMedia.PngMimeType)]
    [Description("A static binary resource (a 1x1 PNG).")]
    public static ResourceContents StaticBinary() =>
        BlobResourceContents.FromBytes(TestMedia.RedPixelPng, StaticBinaryUri, TestMedia.PngMimeType);

    [McpServerResource(UriTemplate = TemplateUri, Name = "template-data", MimeType = "application/json")]
    [Description("Data for the given id; the id is substituted from the URI template.")]
    public static string TemplateData([Description("The record id.")] string id) =>
        new JsonObject { ["id"] = id, ["templateTest"] = true, ["data"] = $"Data for ID: {id}" }.ToJsonString();

    [McpServerResource(UriTemplate = WatchedUri, Name = "watched-resource", MimeType = "text/plain")]
    [Description("A resource clients may subscribe to.")]
    public static string Watched() => "Watched resource content.";
}
