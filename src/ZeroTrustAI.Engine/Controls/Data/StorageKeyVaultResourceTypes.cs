namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>Resource types read by the storage, Key Vault and Cosmos DB controls (Data and Network pillars).</summary>
    internal static class StorageKeyVaultResourceTypes
    {
        internal const string StorageAccount = "Microsoft.Storage/storageAccounts";
        internal const string KeyVault = "Microsoft.KeyVault/vaults";
        internal const string CosmosDbAccount = "Microsoft.DocumentDB/databaseAccounts";
    }
}
